package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.testsuite.util.oauth.AccessTokenResponse;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.realm.UserBuilder;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.RegisterPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;

/**
 * Hooks of format {@code frontegg}, {@code hellojohn} and {@code cloudevents} (docs/formats.md) against receivers
 * whose logic follows those products' own documentation and SDKs, run as real Node processes from
 * {@code src/test/receivers/node}: Frontegg's {@code jwt.verify} of {@code x-webhook-secret}, HelloJohn's
 * {@code verifyHookSignature}, the official CloudEvents SDK's {@code HTTP.toEvent} with {@code standardwebhooks}.
 * Real actions of a real Keycloak: registration in Chromium, direct-grant sign-ins, admin API changes.
 */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class FormatReceiversIT {

    static final String PASSWORD = "Formats-pass-1";
    static final String REGISTRATION = "registration with format hooks";
    static final String DIRECT_GRANT = "direct grant with format hooks";
    static final String MAPPER = "format claims";
    static final ObjectMapper JSON = new ObjectMapper();
    static final SecureRandom RANDOM = new SecureRandom();

    @InjectRealm(config = FormatsRealm.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak masterAdmin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    RegisterPage registerPage;

    AdminHttp http;
    final List<AutoCloseable> running = new ArrayList<>();

    @BeforeEach
    void setUp() {
        http = new AdminHttp(urls.getBase());
        boolean registration = Flows.copyWithStep(realm.admin().flows(), "registration", REGISTRATION,
                REGISTRATION + " registration form", "hooks-pre-sign-up", null);
        boolean directGrant = Flows.copyWithStep(realm.admin().flows(), "direct grant", DIRECT_GRANT, DIRECT_GRANT,
                "hooks-pre-sign-in", null);
        if (registration || directGrant) {
            RealmRepresentation rep = realm.admin().toRepresentation();
            rep.setRegistrationFlow(REGISTRATION);
            rep.setDirectGrantFlow(DIRECT_GRANT);
            realm.admin().update(rep);
        }
        driver.cookies().deleteAll();
    }

    @AfterEach
    void tearDown() throws Exception {
        String token = token();
        realm.admin().toRepresentation().getAttributes().keySet().stream()
                .filter(name -> name.startsWith("hooks.webhook.") || name.startsWith("hooks.prehook."))
                .forEach(name -> http.hooks("DELETE", realm.getName(), (name.startsWith("hooks.webhook.") ? "webhooks/"
                        : "prehooks/") + name.substring(name.indexOf('.', 6) + 1), token, null));
        ClientResource app = testApp();
        app.getProtocolMappers().getMappers().stream().filter(m -> MAPPER.equals(m.getName()))
                .forEach(m -> app.getProtocolMappers().delete(m.getId()));
        realm.admin().users().list().stream().filter(u -> !List.of("alice", "mallory").contains(u.getUsername()))
                .forEach(u -> realm.admin().users().delete(u.getId()).close());
        realm.admin().organizations().getAll().forEach(o -> realm.admin().organizations().get(o.getId()).delete().close());
        for (AutoCloseable receiver : running) {
            receiver.close();
        }
    }

    @Test
    void fronteggReceiverGetsWebhooksAndItsPrehookBlocksRegistration() throws Exception {
        String secret = "frontegg-style-secret-" + randomHex(16);
        NodeReceiver receiver = start("frontegg-receiver.js", Map.of("HOOK_SECRET", secret));
        create("webhooks", """
                {"id": "fe", "url": "%s", "secret": "%s", "format": "frontegg",
                 "events": ["user.created", "user.authenticated", "tenant.created"]}""".formatted(receiver.url("/webhooks"), secret));
        create("prehooks", """
                {"id": "fe-signup", "trigger": "pre_sign_up", "url": "%s", "secret": "%s", "format": "frontegg",
                 "failMode": "closed"}""".formatted(receiver.url("/prehooks"), secret));

        register("bob", "bob@blocked.test");
        assertEquals("Sign-ups from blocked.test are closed.", topMessage());
        assertTrue(realm.admin().users().search("bob", true).isEmpty(), "the Frontegg answer blocked the registration");

        register("fiona", "fiona@acme.test");
        Redirects.awaitCode(driver);
        assertEquals(1, realm.admin().users().search("fiona", true).size());
        assertEquals(200, oauth.realm(realm.getName()).doPasswordGrantRequest("alice", PASSWORD).getStatusCode());
        String organization = createOrganization("frontier");

        JsonNode created = receiver.await(r -> "frontegg.user.created".equals(r.path("eventKey").asText()), "user.created");
        assertEquals("fiona@acme.test", created.get("email").asText());
        JsonNode authenticated = receiver.await(r -> "frontegg.user.authenticated".equals(r.path("eventKey").asText())
                && "alice@acme.test".equals(r.path("email").asText()), "user.authenticated of alice");
        assertTrue(authenticated.get("tenantId").isNull(), "alice is in no organization: " + authenticated);
        JsonNode tenant = receiver.await(r -> "frontegg.tenant.created".equals(r.path("eventKey").asText()), "tenant.created");
        assertEquals(organization, tenant.get("tenantId").asText());
        assertEquals("Org frontier", tenant.get("tenantName").asText());
        List<String> signUps = receiver.records().stream().filter(r -> "/prehooks".equals(r.path("path").asText()))
                .map(r -> r.get("eventKey").asText() + " " + r.get("email").asText()).toList();
        assertEquals(List.of("USER_SIGNUP bob@blocked.test", "USER_SIGNUP fiona@acme.test"), signUps);
    }

    @Test
    void helloJohnReceiverBlocksSignUpAndSignInAddsClaimsAndGetsPostSignUp() throws Exception {
        String secret = "hellojohn-style-secret-" + randomHex(16);
        NodeReceiver receiver = start("hellojohn-receiver.js", Map.of("HOOK_SECRET", secret));
        for (String trigger : List.of("pre_sign_up", "pre_sign_in", "jwt")) {
            create("prehooks", """
                    {"id": "hj-%s", "trigger": "%s", "url": "%s", "secret": "%s", "format": "hellojohn", "failMode": "closed"}
                    """.formatted(trigger.replace('_', '-'), trigger, receiver.url("/" + trigger), secret));
        }
        create("webhooks", """
                {"id": "hj-post-sign-up", "url": "%s", "secret": "%s", "format": "hellojohn", "events": ["user.signedUp"]}
                """.formatted(receiver.url("/post_sign_up"), secret));
        addClaimsMapper();

        register("bob", "bob@blocked.test");
        assertEquals("HelloJohn says no to bob@blocked.test", topMessage());
        assertTrue(realm.admin().users().search("bob", true).isEmpty());

        register("hana", "hana@acme.test");
        Redirects.awaitCode(driver);
        String hanaId = realm.admin().users().search("hana", true).get(0).getId();
        JsonNode postSignUp = receiver.await(r -> "/post_sign_up".equals(r.path("path").asText()), "post_sign_up");
        assertEquals(hanaId, postSignUp.at("/body/user/id").asText());
        assertEquals("hana@acme.test", postSignUp.at("/body/user/email").asText());
        assertEquals("Hana Example", postSignUp.at("/body/user/name").asText());
        assertFalse(postSignUp.at("/body/user/created_at").asText().isEmpty());
        assertEquals(realm.getName(), postSignUp.at("/body/tenant_id").asText());

        AccessTokenResponse denied = oauth.realm(realm.getName()).doPasswordGrantRequest("mallory", PASSWORD);
        assertNotEquals(200, denied.getStatusCode());
        assertEquals("HelloJohn blocks this sign-in", denied.getErrorDescription());

        AccessTokenResponse allowed = oauth.realm(realm.getName()).doPasswordGrantRequest("alice", PASSWORD);
        assertEquals(200, allowed.getStatusCode(), allowed.getErrorDescription());
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(allowed.getAccessToken().split("\\.")[1]));
        assertEquals("pro", claims.path("plan").asText(), claims.toString());
        assertEquals(realm.getName(), claims.path("hj_tenant").asText(), claims.toString());

        JsonNode signIn = receiver.await(r -> "/pre_sign_in".equals(r.path("path").asText())
                && "alice@acme.test".equals(r.at("/body/user/email").asText()), "pre_sign_in of alice");
        assertEquals(List.of("user", "ip_address", "user_agent", "tenant_id"), names(signIn.get("body")));
        assertFalse(signIn.at("/body/user/disabled").asBoolean());
        JsonNode jwt = receiver.await(r -> "/jwt".equals(r.path("path").asText()), "jwt");
        assertEquals(List.of("user", "session", "tenant_id"), names(jwt.get("body")));
        JsonNode signUp = receiver.await(r -> "/pre_sign_up".equals(r.path("path").asText()), "pre_sign_up");
        assertEquals(List.of("email", "name", "provider", "tenant_id"), names(signUp.get("body")));
    }

    @Test
    void theCloudEventsSdkParsesEveryDeliveryAndThinOnesCarryNoPersonalData() throws Exception {
        String secret = "whsec_" + Base64.getEncoder().encodeToString(randomBytes(32));
        NodeReceiver receiver = start("cloudevents-receiver.js", Map.of("WEBHOOK_SECRET", secret));
        create("webhooks", """
                {"id": "ce", "url": "%s", "secret": "%s", "format": "cloudevents", "events": ["*"]}
                """.formatted(receiver.url("/full"), secret));
        create("webhooks", """
                {"id": "ce-thin", "url": "%s", "secret": "%s", "format": "cloudevents", "payload": "thin", "events": ["user.*"]}
                """.formatted(receiver.url("/thin"), secret));

        JsonNode test = http.hooks("POST", realm.getName(), "webhooks/ce/test", token(), null).json();
        assertTrue(test.get("success").asBoolean(), test + receiver.log());
        assertEquals("cloudevents", test.at("/request/format").asText());
        assertEquals("io.keycloakhooks.webhook.test", JSON.readTree(test.at("/request/body").asText()).get("type").asText());

        UserRepresentation user = new UserRepresentation();
        user.setUsername("carla");
        user.setEmail("carla@private.test");
        user.setFirstName("Carlotta");
        user.setLastName("Privatova");
        user.setEnabled(true);
        user.setAttributes(Map.of("shoeSize", List.of("forty-two")));
        try (Response created = realm.admin().users().create(user)) {
            assertEquals(201, created.getStatus());
        }
        assertEquals(200, oauth.realm(realm.getName()).doPasswordGrantRequest("alice", PASSWORD).getStatusCode());

        String issuer = urls.getBase() + "/realms/" + realm.getName();
        JsonNode userCreated = receiver.await(r -> "io.keycloakhooks.user.created".equals(r.path("type").asText())
                && "/full".equals(r.path("path").asText()), "user.created");
        assertEquals("carla@private.test", userCreated.at("/data/user/email").asText(), "full data: " + userCreated);
        receiver.await(r -> "io.keycloakhooks.keycloak.LOGIN".equals(r.path("type").asText()), "keycloak.LOGIN");
        receiver.await(r -> "io.keycloakhooks.keycloak.admin.USER.CREATE".equals(r.path("type").asText()), "admin USER.CREATE");
        receiver.await(r -> "/thin".equals(r.path("path").asText()) && "io.keycloakhooks.user.authenticated"
                .equals(r.path("type").asText()), "thin user.authenticated");
        receiver.await(r -> "/thin".equals(r.path("path").asText()) && "io.keycloakhooks.user.created"
                .equals(r.path("type").asText()), "thin user.created");

        List<JsonNode> full = deliveries("ce");
        for (JsonNode record : receiver.records()) {
            assertEquals("application/cloudevents+json; charset=utf-8", record.get("contentType").asText());
            assertEquals("1.0", record.get("specversion").asText());
            assertEquals(issuer, record.get("source").asText());
            assertTrue(record.get("type").asText().startsWith("io.keycloakhooks."), record.toString());
            assertEquals("application/json", record.get("datacontenttype").asText());
            assertEquals(0, record.get("extensions").size(), "no extension attributes: " + record);
            assertFalse(record.path("subject").asText().isEmpty(), record.toString());
            if (record.get("path").asText().equals("/thin")) {
                String raw = record.get("raw").asText();
                for (String personal : List.of("carla@private.test", "alice@acme.test", "Carlotta", "Privatova", "Alice",
                        "forty-two", "shoeSize", "127.0.0.1", "ipAddress", "\"carla\"", "\"alice\"")) {
                    assertFalse(raw.contains(personal), personal + " in a thin delivery: " + raw);
                }
            }
        }
        Polls.until(() -> deliveries("ce").stream().allMatch(m -> "delivered".equals(m.get("status").asText())),
                NodeReceiver.WAIT);
        full = deliveries("ce");
        for (JsonNode message : full) {
            assertEquals("delivered", message.get("status").asText(), "the SDK accepted every delivery: " + full + receiver.log());
            assertTrue(receiver.records().stream().anyMatch(r -> r.get("id").asText().equals(message.get("id").asText())),
                    "id = webhook-id for " + message);
        }
    }

    // --- helpers

    private NodeReceiver start(String script, Map<String, String> env) throws Exception {
        NodeReceiver receiver = NodeReceiver.start(script, env);
        running.add(receiver);
        return receiver;
    }

    private void create(String collection, String json) {
        AdminHttp.Response created = http.hooks("POST", realm.getName(), collection, token(), json);
        assertEquals(201, created.status(), created.body());
    }

    private List<JsonNode> deliveries(String webhook) {
        AdminHttp.Response response = http.getHooks(realm.getName(), "webhooks/" + webhook + "/deliveries", token());
        assertEquals(200, response.status(), response.body());
        List<JsonNode> messages = new ArrayList<>();
        response.json().forEach(messages::add);
        return messages;
    }

    private String token() {
        return masterAdmin.tokenManager().getAccessTokenString();
    }

    private ClientResource testApp() {
        return realm.admin().clients().get(realm.admin().clients().findByClientId("test-app").get(0).getId());
    }

    private void addClaimsMapper() {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName(MAPPER);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("hooks-jwt-claims");
        mapper.setConfig(Map.of("access.token.claim", "true", "id.token.claim", "true"));
        try (Response created = testApp().getProtocolMappers().createMapper(mapper)) {
            assertEquals(201, created.getStatus());
        }
    }

    private String createOrganization(String alias) {
        OrganizationRepresentation organization = new OrganizationRepresentation();
        organization.setName("Org " + alias);
        organization.setAlias(alias);
        organization.addDomain(new OrganizationDomainRepresentation(alias + ".formats.test"));
        try (Response created = realm.admin().organizations().create(organization)) {
            assertEquals(201, created.getStatus());
            return created.getLocation().getPath().replaceAll(".*/", "");
        }
    }

    private void register(String username, String email) {
        driver.cookies().deleteAll();
        oauth.realm(realm.getName()).openRegistrationForm();
        registerPage.register(Character.toUpperCase(username.charAt(0)) + username.substring(1), "Example", email,
                username, PASSWORD);
    }

    private String topMessage() {
        return driver.findElement(By.className("kc-feedback-text")).getText();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String randomHex(int n) {
        return java.util.HexFormat.of().formatHex(randomBytes(n));
    }

    public static class FormatsRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.registrationAllowed(true).eventsEnabled(true).organizationsEnabled(true)
                    .users(UserBuilder.create("alice").email("alice@acme.test").emailVerified(true).name("Alice", "Example")
                                    .password(PASSWORD),
                            UserBuilder.create("mallory").email("mallory@blocked.test").emailVerified(true)
                                    .name("Mallory", "Example").password(PASSWORD));
        }
    }
}
