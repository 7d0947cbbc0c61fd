package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectHttpServer;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.RegisterPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.keycloak.util.JsonSerialization;
import org.openqa.selenium.By;

/** {@code hooks-pre-sign-up} in the registration form of a real Keycloak, driven in Chromium, with a real receiver. */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class PreSignUpIT {

    static final String SECRET = "a-pre-sign-up-secret-of-more-than-32-chars";
    static final String PASSWORD = "Sign-up-pass-1";
    static final String REGISTRATION = "registration with hooks";

    @InjectRealm(config = SignUpRealm.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak masterAdmin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectHttpServer
    HttpServer httpServer;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    RegisterPage registerPage;

    HookReceiver receiver;
    AdminHttp http;

    @BeforeEach
    void setUp() {
        receiver = new HookReceiver(httpServer, "/pre-sign-up");
        http = new AdminHttp(urls.getBase());
        if (Flows.copyWithStep(realm.admin().flows(), "registration", REGISTRATION, REGISTRATION + " registration form",
                "hooks-pre-sign-up", null)) {
            RealmRepresentation rep = realm.admin().toRepresentation();
            rep.setRegistrationFlow(REGISTRATION);
            realm.admin().update(rep);
        }
        createPrehook("signup", "open");
        driver.cookies().deleteAll();
    }

    @AfterEach
    void tearDown() {
        receiver.stop();
        String token = masterAdmin.tokenManager().getAccessTokenString();
        for (String id : List.of("signup", "second", "refused")) {
            http.hooks("DELETE", realm.getName(), "prehooks/" + id, token, null);
        }
        realm.admin().users().list().forEach(u -> realm.admin().users().delete(u.getId()).close());
        realm.admin().clearEvents();
    }

    @Test
    void denialShowsTheRegistrationPageAgainWithMessageFieldErrorAndValuesKept() throws Exception {
        receiver.respond(200, """
                {"allow": false, "reason": "Sign-ups from this domain are closed.",
                 "fieldErrors": {"email": "Use your work email address."}}""");

        register("bob", "bob@blocked.test");

        assertTrue(topMessage().contains("Sign-ups from this domain are closed."), topMessage());
        assertEquals("Use your work email address.", driver.findElement(By.id("input-error-email")).getText());
        assertEquals("bob", registerPage.getUsername());
        assertEquals("bob@blocked.test", registerPage.getEmail());
        assertEquals("Bob", registerPage.getFirstName());
        assertEquals("Builder", registerPage.getLastName());
        assertEquals("", registerPage.getPassword(), "the password is not sent back");
        assertTrue(realm.admin().users().search("bob", true).isEmpty(), "no user was created");

        HookReceiver.Received request = receiver.await(r -> true, Duration.ofSeconds(10));
        ReceiverSignatures.verifyAll(request, SECRET, urls.getBase() + "/realms/" + realm.getName());
        assertFalse(request.bodyText().contains(PASSWORD), "the password is never sent");
        JsonNode envelope = JsonSerialization.readValue(request.body(), JsonNode.class);
        assertEquals("pre_sign_up", envelope.get("type").asText());
        JsonNode data = envelope.get("data");
        assertEquals("bob@blocked.test", data.get("email").asText());
        assertEquals("bob", data.get("username").asText());
        assertEquals("Bob", data.get("firstName").asText());
        assertEquals("Builder", data.get("lastName").asText());
        assertEquals("form", data.get("provider").asText());
        assertTrue(data.get("attributes").isObject());
        assertFalse(data.get("attributes").has("password"));
        assertEquals("test-app", envelope.get("context").get("client").get("clientId").asText());

        List<EventRepresentation> errors = realm.admin().getEvents(List.of("REGISTER_ERROR"), null, null, null, null, null, 0, 10);
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("hooks_denied", errors.get(0).getError());
        assertEquals("signup", errors.get(0).getDetails().get("hook"));
    }

    @Test
    void allowedRegistrationCreatesTheUser() {
        receiver.respond(200, "{\"continue\": true}");
        register("carol", "carol@acme.test");
        Redirects.awaitCode(driver);
        assertEquals(1, realm.admin().users().search("carol", true).size());
        assertEquals(1, receiver.received().size());
    }

    @Test
    void theContinueDialectDeniesWithErrorMessage() {
        receiver.respond(200, "{\"continue\": false, \"error\": {\"status\": 403, \"message\": \"No seats left.\"}}");
        register("dave", "dave@acme.test");
        assertEquals("No seats left.", topMessage());
        assertTrue(realm.admin().users().search("dave", true).isEmpty());
    }

    @Test
    void markupInTheMessageAndFieldErrorsIsShownAsTextOnEveryTheme() {
        receiver.respond(200, HookTextOnPages.denial("username"));
        for (String theme : HookTextOnPages.LOGIN_THEMES) {
            HookTextOnPages.useLoginTheme(realm, theme);
            driver.cookies().deleteAll();
            register("erin", "erin@acme.test");
            // the keycloak theme's page message is Keycloak's summary of all messages, field errors included
            assertTrue(HookTextOnPages.visible(topMessage()).contains(HookTextOnPages.MESSAGE), theme + ": " + topMessage());
            assertEquals(HookTextOnPages.FIELD_ERROR,
                    HookTextOnPages.visible(driver.findElement(By.id("input-error-username")).getText()).trim(), theme);
            HookTextOnPages.assertShownAsText(driver, theme);
        }
        assertTrue(realm.admin().users().search("erin", true).isEmpty());
    }

    @Test
    void aMessageKeyOfTheLoginThemeWinsOverTheMessage() {
        receiver.respond(200, "{\"allow\": false, \"message\": \"fallback text\", \"messageKey\": \"invalidEmailMessage\"}");
        register("frank", "frank@acme.test");
        assertEquals("Invalid email address.", topMessage());

        receiver.respond(200, "{\"allow\": false, \"message\": \"fallback text\", \"messageKey\": \"noSuchHooksKey\"}");
        register("frank", "frank@acme.test");
        assertEquals("fallback text", topMessage());
    }

    @Test
    void failModesDecideWhenTheHookAnswers5xx() {
        receiver.respond(503, "");
        register("gina", "gina@acme.test");
        awaitUser("gina", "fail open: the registration went on");

        driver.cookies().deleteAll();
        createPrehook("second", "closed");
        register("hank", "hank@acme.test");
        assertEquals("This action cannot be completed right now. Please try again in a few minutes.", topMessage());
        assertTrue(realm.admin().users().search("hank", true).isEmpty(), "fail closed: no user");
    }

    @Test
    void aClosedHookStopsTheSignUpOnTimeoutNonJsonOversizedAnswersAndRefusedDestinations() {
        String token = masterAdmin.tokenManager().getAccessTokenString();
        http.hooks("DELETE", realm.getName(), "prehooks/signup", token, null);
        createPrehook("signup", "closed");
        String unavailable = "This action cannot be completed right now. Please try again in a few minutes.";

        receiver.respond(200, "allow");
        register("ivan", "ivan@acme.test");
        assertEquals(unavailable, topMessage(), "a body that is not JSON");

        receiver.respond(200, "{\"allow\": true, \"pad\": \"" + "x".repeat(70_000) + "\"}");
        register("ivan", "ivan@acme.test");
        assertEquals(unavailable, topMessage(), "a body over 64 KiB");

        receiver.respond(200, "{\"allow\": true}");
        receiver.delay(Duration.ofMillis(3000));
        long started = System.nanoTime();
        register("ivan", "ivan@acme.test");
        assertEquals(unavailable, topMessage(), "no answer within timeoutMs (2000)");
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofMillis(2000)) >= 0);
        receiver.delay(Duration.ZERO);

        assertEquals(3, receiver.received().size());

        // a destination the policy refuses (link-local, cloud metadata), configured straight in the realm
        // attribute as config-as-code would: refused again at call time
        http.hooks("DELETE", realm.getName(), "prehooks/signup", masterAdmin.tokenManager().getAccessTokenString(), null);
        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.getAttributes().put("hooks.prehook.refused", """
                {"trigger": "pre_sign_up", "url": "https://169.254.169.254/latest", "failMode": "closed", "timeoutMs": 2000}""");
        realm.admin().update(rep);
        register("ivan", "ivan@acme.test");
        assertEquals(unavailable, topMessage(), "a refused destination");

        assertTrue(realm.admin().users().search("ivan", true).isEmpty(), "no user");
    }

    /** The registration's redirect may still be on its way when the click returns: wait for the user. */
    private void awaitUser(String username, String why) {
        Polls.until(() -> !realm.admin().users().search(username, true).isEmpty(), Duration.ofSeconds(10));
        assertEquals(1, realm.admin().users().search(username, true).size(), why);
    }

    private void register(String username, String email) {
        oauth.realm(realm.getName()).openRegistrationForm();
        registerPage.register(capitalized(username), lastName(username), email, username, PASSWORD);
    }

    private static String lastName(String username) {
        return "bob".equals(username) ? "Builder" : "Example";
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private String topMessage() {
        return driver.findElement(By.className("kc-feedback-text")).getText();
    }

    private void createPrehook(String id, String failMode) {
        String token = masterAdmin.tokenManager().getAccessTokenString();
        AdminHttp.Response created = http.hooks("POST", realm.getName(), "prehooks", token, """
                {"id": "%s", "trigger": "pre_sign_up", "url": "%s", "secret": "%s", "failMode": "%s", "timeoutMs": 2000}
                """.formatted(id, receiver.url(), SECRET, failMode));
        assertEquals(201, created.status(), created.body());
    }

    public static class SignUpRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.registrationAllowed(true).eventsEnabled(true);
        }
    }
}
