package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectHttpServer;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.keycloak.util.JsonSerialization;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The admin console's Webhooks and Prehooks pages (declarative UI) in a real Chromium against a real Keycloak:
 * what the pages do lands in the realm attributes and the admin API, and what the attributes hold (whichever
 * way it got there) is what the pages show.
 */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class AdminConsolePagesIT {

    static final String SECRET = "a-console-typed-secret-of-40-characters!";
    static final String IMPORTED = "imported";
    /** Screenshots go here; {@code -Dhooks.screenshots=docs} writes the README's copies. */
    static final Path SCREENSHOTS = Path.of(System.getProperty("hooks.screenshots", "target/screenshots"));

    @InjectRealm(config = PagesRealm.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak masterAdmin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectHttpServer
    HttpServer httpServer;

    @InjectWebDriver
    ManagedWebDriver driver;

    HookReceiver receiver;
    AdminHttp http;
    HooksConsole console;
    Dimension windowBefore;

    @BeforeEach
    void setUp() {
        receiver = new HookReceiver(httpServer, "/console-pages-it");
        http = new AdminHttp(urls.getBase());
        console = new HooksConsole(driver.driver(), urls.getBase());
        windowBefore = driver.driver().manage().window().getSize();
        driver.driver().manage().window().setSize(new Dimension(1400, 1000));
    }

    @AfterEach
    void tearDown() {
        driver.driver().manage().window().setSize(windowBefore);
        receiver.stop();
        realmAttributes().keySet().stream()
                .filter(name -> name.startsWith("hooks.") && !name.endsWith("." + IMPORTED))
                .forEach(name -> http.hooks("DELETE", realm.getName(), (name.startsWith("hooks.webhook.") ? "webhooks/" : "prehooks/")
                        + name.substring(name.lastIndexOf('.') + 1), token(), null));
    }

    @Test
    void webhookCreatedEditedAndDeletedInTheConsole() throws Exception {
        console.openNew(realm.getName(), HooksConsole.WEBHOOKS);
        console.type("hookId", "console-crm");
        console.type("name", "CRM");
        console.type("url", receiver.url());
        console.selectEvents("user.created", "tenant.*");
        console.type("secret", SECRET);
        assertTrue(console.save().contains("Saved successfully"));

        HookReceiver.Received test = receiver.await(r -> r.bodyText().contains("\"webhook.test\""), Duration.ofSeconds(10));
        ReceiverSignatures.verifyAll(test, SECRET, issuer());
        String attribute = realmAttributes().get("hooks.webhook.console-crm");
        assertNotNull(attribute, "the console wrote the realm attribute");
        assertFalse(attribute.contains(SECRET), "the secret is stored encrypted");
        JsonNode api = webhook("console-crm");
        assertEquals("CRM", api.get("name").asText());
        assertEquals(receiver.url(), api.get("url").asText());
        assertEquals(List.of("user.created", "tenant.*"), texts(api.get("events")));
        assertEquals("**********", api.get("secret").asText());
        ComponentRepresentation component = component("hooks-webhooks", "console-crm");
        assertEquals(List.of("**********"), component.getConfig().get("secret"));
        assertNull(component.getConfig().get("skipVerify"), "the opt-out is not stored");

        console.openItem(realm.getName(), HooksConsole.WEBHOOKS, "console-crm");
        assertEquals("**********", console.value("secret"), "the form shows the secret masked");
        assertEquals(java.util.Set.of("user.created", "tenant.*"), java.util.Set.copyOf(console.chosenEvents()));
        hideTemporaryAdminBanner();
        console.screenshot(SCREENSHOTS.resolve("admin-console-webhook-form.png"));
        console.type("name", "CRM (renamed)");
        console.type("timeoutMs", "2000");
        receiver.clear();
        assertTrue(console.save().contains("Saved successfully"));

        JsonNode edited = webhook("console-crm");
        assertEquals("CRM (renamed)", edited.get("name").asText());
        assertEquals(2000, edited.get("timeoutMs").asInt());
        assertTrue(edited.get("signed").asBoolean(), "the mask kept the stored secret");
        ReceiverSignatures.verifyAll(receiver.await(r -> true, Duration.ofSeconds(10)), SECRET, issuer());

        console.openList(realm.getName(), HooksConsole.WEBHOOKS);
        assertEquals("CRM (renamed)", console.cell("console-crm", 1));
        assertEquals(receiver.url(), console.cell("console-crm", 2));
        assertTrue(List.of("user.created", "tenant.*").contains(console.cell("console-crm", 3)),
                "the list shows one of the events (Keycloak keeps no order among a component's values)");
        assertEquals("true", console.cell("console-crm", 4));
        hideTemporaryAdminBanner();
        console.screenshot(SCREENSHOTS.resolve("admin-console-webhooks.png"));

        assertTrue(console.deleteFromList(realm.getName(), HooksConsole.WEBHOOKS, "console-crm").contains("deleted"));
        assertNull(realmAttributes().get("hooks.webhook.console-crm"));
        assertEquals(404, http.hooks("GET", realm.getName(), "webhooks/console-crm", token(), null).status());
        assertFalse(console.listedIds(HooksConsole.WEBHOOKS).contains("console-crm"));
    }

    @Test
    void prehookCreatedEditedAndDeletedInTheConsole() throws Exception {
        receiver.respond(200, "{\"allow\": true}");
        console.openNew(realm.getName(), HooksConsole.PREHOOKS);
        console.type("hookId", "console-gate");
        console.type("name", "Sign-in gate");
        console.type("url", receiver.url());
        console.choose("trigger", "pre_sign_in");
        console.choose("failMode", "closed");
        console.type("order", "3");
        assertTrue(console.save().contains("Saved successfully"));

        HookReceiver.Received sample = receiver.await(r -> true, Duration.ofSeconds(10));
        JsonNode envelope = JsonSerialization.readValue(sample.body(), JsonNode.class);
        assertEquals("pre_sign_in", envelope.get("type").asText());
        assertTrue(envelope.get("test").asBoolean(), "the verify call is a sample request");
        assertNull(sample.header("webhook-signature"), "no secret typed: requests are unsigned");
        JsonNode api = prehook("console-gate");
        assertEquals("pre_sign_in", api.get("trigger").asText());
        assertEquals("closed", api.get("failMode").asText());
        assertEquals(3, api.get("order").asInt());
        assertFalse(api.get("signed").asBoolean());
        assertNotNull(realmAttributes().get("hooks.prehook.console-gate"));

        console.openItem(realm.getName(), HooksConsole.PREHOOKS, "console-gate");
        console.choose("trigger", "jwt");
        console.type("cacheTtlSeconds", "60");
        console.type("secret", SECRET);
        assertTrue(console.save().contains("Saved successfully"));
        JsonNode edited = prehook("console-gate");
        assertEquals("jwt", edited.get("trigger").asText());
        assertEquals(60, edited.get("cacheTtlSeconds").asInt());
        assertTrue(edited.get("signed").asBoolean());
        ReceiverSignatures.verifyAll(receiver.await(r -> "jwt".equals(type(r)), Duration.ofSeconds(10)), SECRET, issuer());

        console.openList(realm.getName(), HooksConsole.PREHOOKS);
        assertEquals("jwt", console.cell("console-gate", 3));
        hideTemporaryAdminBanner();
        console.screenshot(SCREENSHOTS.resolve("admin-console-prehooks.png"));

        assertTrue(console.deleteFromList(realm.getName(), HooksConsole.PREHOOKS, "console-gate").contains("deleted"));
        assertNull(realmAttributes().get("hooks.prehook.console-gate"));
        assertEquals(404, http.hooks("GET", realm.getName(), "prehooks/console-gate", token(), null).status());
    }

    @Test
    void hooksFromRealmImportAttributesAndTheApiAreListedAndApiDeletesRemoveThem() {
        console.openList(realm.getName(), HooksConsole.WEBHOOKS);
        assertTrue(console.listedIds(HooksConsole.WEBHOOKS).contains(IMPORTED), "a hook of the imported realm is listed: "
                + console.listedIds(HooksConsole.WEBHOOKS));
        assertEquals("Imported with the realm", console.cell(IMPORTED, 1));
        assertEquals("false", console.cell(IMPORTED, 4));

        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.getAttributes().put("hooks.webhook.as-code", """
                {"url": "https://as-code.example.com/hooks", "events": ["*"], "name": "Config as code", "enabled": false}""");
        assertEquals(204, http.admin("PUT", "/admin/realms/" + realm.getName(), token(), json(rep)).status());
        assertEquals(201, http.hooks("POST", realm.getName(), "prehooks", token(), """
                {"id": "from-api", "trigger": "pre_sign_up", "url": "%s", "enabled": false}""".formatted(receiver.url())).status());

        console.awaitListed(realm.getName(), HooksConsole.WEBHOOKS, "as-code", true);
        assertEquals("Config as code", console.cell("as-code", 1));
        assertEquals("https://as-code.example.com/hooks", console.cell("as-code", 2));
        console.awaitListed(realm.getName(), HooksConsole.PREHOOKS, "from-api", true);
        assertEquals("pre_sign_up", console.cell("from-api", 3));

        assertEquals(204, http.hooks("DELETE", realm.getName(), "webhooks/as-code", token(), null).status());
        assertEquals(204, http.hooks("DELETE", realm.getName(), "prehooks/from-api", token(), null).status());
        console.awaitListed(realm.getName(), HooksConsole.WEBHOOKS, "as-code", false);
        console.awaitListed(realm.getName(), HooksConsole.PREHOOKS, "from-api", false);
        assertEquals(List.of(), console.listedIds(HooksConsole.PREHOOKS), "no prehooks left");
        String version = System.getProperty("keycloak.server.version");
        boolean listsEveryPage = version.startsWith("26.4.") || version.startsWith("26.5.");
        assertEquals(listsEveryPage ? List.of(IMPORTED) : List.of(), console.listedIds(HooksConsole.WEBHOOKS),
                "Keycloak 26.4 and 26.5 list the webhooks on the Prehooks page too, each opening the Webhooks form; " + version
                        + " lists only the page's own items");
        assertEquals(listsEveryPage ? 1 : 0, console.listedRows(), "and nothing else");
    }

    @Test
    void aFailedTestCallStopsTheSaveUnlessTheAdminOptsOut() {
        receiver.respond(500, "down for maintenance");
        console.openNew(realm.getName(), HooksConsole.WEBHOOKS);
        console.type("hookId", "flaky");
        console.type("url", receiver.url());
        console.selectEvents("user.*");

        String failure = console.save();
        assertTrue(failure.contains("the test call failed") && failure.contains("500"), failure);
        assertNull(realmAttributes().get("hooks.webhook.flaky"), "nothing stored");
        assertTrue(components("hooks-webhooks").stream().noneMatch(c -> "flaky".equals(c.getName())));

        console.setSwitch("skipVerify", true);
        assertTrue(console.save().contains("Saved successfully"));
        assertNotNull(realmAttributes().get("hooks.webhook.flaky"));
        assertNull(component("hooks-webhooks", "flaky").getConfig().get("skipVerify"));
        assertEquals(1, receiver.received().size(), "the opt-out saved without another call");
    }

    @Test
    void validationErrorsNameTheFieldAndStoreNothing() {
        console.openNew(realm.getName(), HooksConsole.WEBHOOKS);
        console.type("hookId", "invalid");
        console.selectEvents("user.*");

        console.type("url", "not a url");
        String badUrl = console.save();
        assertTrue(badUrl.contains("url:"), badUrl);

        console.type("url", "https://169.254.169.254/latest/meta-data");
        String refused = console.save();
        assertTrue(refused.contains("url:") && refused.contains("169.254.169.254"), refused);

        console.type("url", receiver.url());
        console.type("secret", "too-short");
        String shortSecret = console.save();
        assertTrue(shortSecret.contains("secret: must be at least 32 characters"), shortSecret);

        assertNull(realmAttributes().get("hooks.webhook.invalid"));
        assertTrue(receiver.received().isEmpty(), "no test call for invalid input");
        assertTrue(components("hooks-webhooks").stream().noneMatch(c -> "invalid".equals(c.getName())));
    }

    @Test
    void aRealmSettingsPageOpenedBeforeAHookWasCreatedKeepsTheHookWhenSaved() throws Exception {
        console.open(realm.getName() + "/realm-settings");
        console.until(d -> !d.findElements(By.id("displayName")).isEmpty());

        assertEquals(201, http.hooks("POST", realm.getName(), "webhooks", token(), """
                {"id": "late", "url": "%s", "events": ["user.*"], "secret": "%s"}""".formatted(receiver.url(), SECRET)).status());
        String stored = realmAttributes().get("hooks.webhook.late");
        assertNotNull(component("hooks-webhooks", "late"));

        driver.driver().findElement(By.id("displayName")).sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), "Acme Corp");
        driver.driver().findElement(By.cssSelector("[data-testid=realmSettingsGeneralTab-save]")).click();
        console.until(d -> "Acme Corp".equals(realm.admin().toRepresentation().getDisplayName()));

        assertEquals(stored, realmAttributes().get("hooks.webhook.late"), "the realm update kept the hook");
        assertNotNull(component("hooks-webhooks", "late"), "and its page component");
        console.openList(realm.getName(), HooksConsole.WEBHOOKS);
        assertTrue(console.listedIds(HooksConsole.WEBHOOKS).contains("late"));
    }

    @Test
    void aConsolePageOpenedBeforeASecretRotationRefusesToSaveOverIt() throws Exception {
        String rotated = "a-secret-rotated-through-the-api-meanwhile";
        assertEquals(201, http.hooks("POST", realm.getName(), "webhooks", token(), """
                {"id": "rotating", "name": "Before", "url": "%s", "events": ["user.*"], "secret": "%s"}"""
                .formatted(receiver.url(), SECRET)).status());
        console.openItem(realm.getName(), HooksConsole.WEBHOOKS, "rotating");
        assertEquals("Before", console.value("name"));
        assertEquals(webhook("rotating").get("revision").asText(), console.value("revision"), "the page shows its revision");

        assertEquals(200, http.hooks("PUT", realm.getName(), "webhooks/rotating", token(), """
                {"name": "Rotated", "url": "%s", "events": ["user.*"], "secret": "%s"}"""
                .formatted(receiver.url(), rotated)).status());
        long revision = webhook("rotating").get("revision").asLong();
        receiver.clear();
        console.type("name", "Edited on a stale page");
        String refused = console.save();
        assertTrue(refused.contains("Not saved") && refused.contains("Reload the page"), refused);
        assertTrue(receiver.received().isEmpty(), "a refused save calls no endpoint");

        JsonNode kept = webhook("rotating");
        assertEquals("Rotated", kept.get("name").asText(), "the API's edit stands");
        assertEquals(revision, kept.get("revision").asLong(), "no revision written");
        assertEquals(200, http.hooks("POST", realm.getName(), "webhooks/rotating/test", token(), null).status());
        ReceiverSignatures.verifyAll(receiver.await(r -> true, Duration.ofSeconds(10)), rotated, issuer());

        console.openItem(realm.getName(), HooksConsole.WEBHOOKS, "rotating");
        assertEquals("Rotated", console.value("name"), "a reload shows the current hook");
        console.type("name", "Edited after a reload");
        receiver.clear();
        assertTrue(console.save().contains("Saved successfully"));
        assertEquals("Edited after a reload", webhook("rotating").get("name").asText());
        ReceiverSignatures.verifyAll(receiver.await(r -> true, Duration.ofSeconds(10)), rotated, issuer());
    }

    @Test
    void thePrehooksPageShowsWhereThePrehookIsNotEnforcedAndFollowsFlowChanges() {
        String flow = "direct grant with coverage";
        receiver.respond(200, "{\"allow\": true}");
        assertEquals(201, http.hooks("POST", realm.getName(), "prehooks", token(), """
                {"id": "coverage-gate", "trigger": "pre_sign_in", "url": "%s"}""".formatted(receiver.url())).status());
        try {
            console.openItem(realm.getName(), HooksConsole.PREHOOKS, "coverage-gate");
            String before = console.value("coverage");
            assertTrue(before.startsWith("not enforced on: ") && before.contains("browser: ") && before.contains("direct_grant: "),
                    "no flow has the step: " + before);
            assertEquals(List.of(before), component("hooks-prehooks", "coverage-gate").getConfig().get("coverage"));

            Flows.copyWithStep(realm.admin().flows(), "direct grant", flow, flow, "hooks-pre-sign-in", null);
            assertEquals(204, http.admin("PUT", "/admin/realms/" + realm.getName(), token(),
                    "{\"directGrantFlow\": \"" + flow + "\"}").status());

            console.until(d -> {
                console.openItem(realm.getName(), HooksConsole.PREHOOKS, "coverage-gate");
                return !console.value("coverage").equals(before);
            });
            String after = console.value("coverage");
            assertTrue(after.startsWith("not enforced on: browser: ") && !after.contains("direct_grant"),
                    "the direct grant path is covered now, the browser path still is not: " + after);

            console.type("name", "Coverage gate");
            console.type("coverage", "complete, typed by hand");
            assertTrue(console.save().contains("Saved successfully"));
            assertEquals("Coverage gate", prehook("coverage-gate").get("name").asText());
            assertEquals(List.of(after), component("hooks-prehooks", "coverage-gate").getConfig().get("coverage"),
                    "a console save stores the server's coverage text, not what the page sent back");
            console.openItem(realm.getName(), HooksConsole.PREHOOKS, "coverage-gate");
            assertEquals(after, console.value("coverage"));
        } finally {
            http.admin("PUT", "/admin/realms/" + realm.getName(), token(), "{\"directGrantFlow\": \"direct grant\"}");
            realm.admin().flows().getFlows().stream().filter(f -> f.getAlias().equals(flow))
                    .forEach(f -> realm.admin().flows().deleteFlow(f.getId()));
        }
    }

    private void hideTemporaryAdminBanner() {
        ((JavascriptExecutor) driver.driver()).executeScript(
                "document.querySelectorAll('.pf-v5-c-banner').forEach(b => b.remove());");
    }

    private String token() {
        return masterAdmin.tokenManager().getAccessTokenString();
    }

    private String issuer() {
        return urls.getBase() + "/realms/" + realm.getName();
    }

    private Map<String, String> realmAttributes() {
        return realm.admin().toRepresentation().getAttributes();
    }

    private JsonNode webhook(String id) {
        return http.hooks("GET", realm.getName(), "webhooks/" + id, token(), null).json();
    }

    private JsonNode prehook(String id) {
        return http.hooks("GET", realm.getName(), "prehooks/" + id, token(), null).json();
    }

    private List<ComponentRepresentation> components(String page) {
        return realm.admin().components().query(realm.getId(), "org.keycloak.services.ui.extend.UiPageProvider").stream()
                .filter(c -> page.equals(c.getProviderId())).toList();
    }

    private ComponentRepresentation component(String page, String hookId) {
        return components(page).stream().filter(c -> List.of(hookId).equals(c.getConfig().get("hookId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + page + " component for " + hookId));
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static String type(HookReceiver.Received request) {
        try {
            return JsonSerialization.readValue(request.body(), JsonNode.class).get("type").asText();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String json(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A realm imported with a (disabled) webhook in its attributes. */
    public static class PagesRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.attribute("hooks.webhook." + IMPORTED, """
                    {"url": "https://imported.example.com/hooks", "events": ["user.*"], "name": "Imported with the realm",
                     "enabled": false}""");
        }
    }
}
