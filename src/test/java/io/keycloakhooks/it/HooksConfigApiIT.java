package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.AdminEventRepresentation;
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
import org.keycloak.testframework.realm.UserBuilder;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.util.JsonSerialization;

/** Hook configuration through the admin REST API on a real Keycloak, with a real receiver that verifies signatures. */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class HooksConfigApiIT {

    static final String PASSWORD = "Secret-pass-1";

    @InjectRealm(config = ConfigRealm.class)
    ManagedRealm realm;

    @InjectRealm(ref = "neighbour", config = NeighbourRealm.class)
    ManagedRealm neighbour;

    @InjectAdminClient
    Keycloak masterAdmin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectHttpServer
    HttpServer httpServer;

    HookReceiver receiver;
    AdminHttp http;
    String token;

    @BeforeEach
    void setUp() {
        receiver = new HookReceiver(httpServer, "/hooks-config-it");
        http = new AdminHttp(urls.getBase());
        token = masterAdmin.tokenManager().getAccessTokenString();
    }

    @AfterEach
    void tearDown() {
        receiver.stop();
        Map<String, String> attributes = realm.admin().toRepresentation().getAttributes();
        attributes.keySet().stream().filter(name -> name.startsWith("hooks.")).forEach(name ->
                http.hooks("DELETE", realm.getName(), (name.startsWith("hooks.webhook.") ? "webhooks/" : "prehooks/")
                        + name.substring(name.lastIndexOf('.') + 1), token, null));
    }

    @Test
    void createReadReplaceDeleteRoundTrip() throws Exception {
        AdminHttp.Response created = post("webhooks", """
                {"id": "orders", "url": "%s", "events": ["user.*", "keycloak.LOGIN"], "name": "Orders"}
                """.formatted(receiver.url()));
        assertEquals(201, created.status(), created.body());
        assertTrue(created.location().endsWith("/hooks/webhooks/orders"), created.location());
        String secret = created.json().get("secret").asText();
        assertTrue(secret.matches("whsec_[A-Za-z0-9+/]{43}="), "a generated Standard Webhooks secret, returned once: " + secret);

        String attribute = realmAttributes().get("hooks.webhook.orders");
        assertNotNull(attribute, "stored in the hook's own realm attribute");
        assertFalse(attribute.contains(secret) || attribute.contains(secret.substring(6)), "raw secret not in the attribute");
        JsonNode stored = JsonSerialization.readValue(attribute, JsonNode.class);
        assertEquals(receiver.url(), stored.get("url").asText());

        JsonNode read = get("webhooks/orders").json();
        assertEquals("**********", read.get("secret").asText());
        assertEquals("Orders", read.get("name").asText());
        assertEquals(10000, read.get("timeoutMs").asInt());
        assertTrue(read.get("enabled").asBoolean());
        assertTrue(read.get("valid").asBoolean());

        AdminHttp.Response replaced = http.hooks("PUT", realm.getName(), "webhooks/orders", token, """
                {"url": "%s", "events": ["user.created"], "secret": "**********", "timeoutMs": 2000}
                """.formatted(receiver.url()));
        assertEquals(200, replaced.status(), replaced.body());
        assertEquals("**********", replaced.json().get("secret").asText());
        assertEquals(2000, get("webhooks/orders").json().get("timeoutMs").asInt());

        JsonNode test = post("webhooks/orders/test", null).json();
        assertTrue(test.get("success").asBoolean(), test.toString());
        HookReceiver.Received request = receiver.await(r -> true, Duration.ofSeconds(10));
        ReceiverSignatures.verifyAll(request, secret, issuer(realm));

        assertEquals(1, get("webhooks").json().size());
        assertEquals(204, http.hooks("DELETE", realm.getName(), "webhooks/orders", token, null).status());
        assertNull(realmAttributes().get("hooks.webhook.orders"));
        assertEquals(404, get("webhooks/orders").status());
        assertEquals(404, http.hooks("DELETE", realm.getName(), "webhooks/orders", token, null).status());
    }

    @Test
    void testActionSendsASignedTestEnvelopeThatReceiversVerify() throws Exception {
        String secret = "a-receiver-chosen-secret-of-40-characters";
        assertEquals(201, post("webhooks", """
                {"id": "signed", "url": "%s", "events": ["tenant.created"], "secret": "%s"}
                """.formatted(receiver.url(), secret)).status());

        JsonNode attempt = post("webhooks/signed/test", null).json();

        assertTrue(attempt.get("success").asBoolean(), attempt.toString());
        assertEquals(204, attempt.get("status").asInt());
        assertTrue(attempt.get("latencyMs").asLong() >= 0);
        HookReceiver.Received request = receiver.await(r -> true, Duration.ofSeconds(10));
        assertEquals("POST", request.method());
        assertEquals("application/json; charset=utf-8", request.header("content-type"));
        assertTrue(request.header("user-agent").startsWith("keycloak-hooks/"), request.header("user-agent"));
        JsonNode claims = ReceiverSignatures.verifyAll(request, secret, issuer(realm));
        JsonNode envelope = JsonSerialization.readValue(request.body(), JsonNode.class);
        assertEquals("webhook.test", envelope.get("type").asText());
        assertEquals(attempt.get("messageId").asText(), envelope.get("id").asText());
        assertEquals(realm.getName(), envelope.get("realm").get("name").asText());
        assertEquals(realm.getId(), envelope.get("realm").get("id").asText());
        assertTrue(envelope.get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertEquals(envelope.get("id").asText(), claims.get("jti").asText());
    }

    @Test
    void vaultReferencesAreResolvedAtCallTime() throws Exception {
        String secret = "a-vault-kept-secret-of-more-than-32-chars";
        HooksServerConfig.putVaultSecret(realm.getName(), "orderssecret", secret);
        HooksServerConfig.putVaultSecret(realm.getName(), "orderstoken", "Bearer from-the-vault");
        AdminHttp.Response created = post("webhooks", """
                {"id": "vaulted", "url": "%s", "events": ["user.deleted"], "secret": "${vault.orderssecret}",
                 "headers": {"Authorization": "${vault.orderstoken}", "X-Static": "plain"}}""".formatted(receiver.url()));
        assertEquals(201, created.status(), created.body());
        assertFalse(created.json().has("warnings"), created.body());
        assertTrue(realmAttributes().get("hooks.webhook.vaulted").contains("${vault.orderssecret}"),
                "a vault reference is stored as it is");

        assertTrue(post("webhooks/vaulted/test", null).json().get("success").asBoolean());
        HookReceiver.Received request = receiver.await(r -> true, Duration.ofSeconds(10));
        ReceiverSignatures.verifyAll(request, secret, issuer(realm));
        assertEquals("Bearer from-the-vault", request.header("authorization"));
        assertEquals("plain", request.header("x-static"));

        assertEquals(201, post("webhooks", """
                {"id": "unvaulted", "url": "%s", "events": ["user.deleted"], "secret": "${vault.nosuchkey}"}""".formatted(receiver.url())).status());
        receiver.clear();
        JsonNode attempt = post("webhooks/unvaulted/test", null).json();
        assertFalse(attempt.get("success").asBoolean());
        assertTrue(attempt.get("error").asText().contains("vault"), attempt.toString());
        assertTrue(receiver.received().isEmpty(), "never sent unsigned");
    }

    @Test
    void hooksSurviveARealmCopiedFromItsRepresentation() throws Exception {
        String plaintext = "a-config-as-code-secret-of-40-characters";
        setRealmAttribute("hooks.webhook.as-code", """
                {"url": "%s", "events": ["user.deleted"], "secret": "%s"}""".formatted(receiver.url(), plaintext));
        assertEquals(201, post("webhooks", """
                {"id": "encrypted", "url": "%s", "events": ["user.deleted"], "secret": "an-admin-chosen-secret-of-42-characters!!"}
                """.formatted(receiver.url())).status());
        RealmRepresentation export = JsonSerialization.readValue(
                http.admin("GET", "/admin/realms/" + realm.getName(), token, null).body(), RealmRepresentation.class);
        export.setId(null);
        export.setDefaultRole(null);
        export.setRealm(realm.getName() + "-copy");
        masterAdmin.realms().create(export);
        try {
            String copy = export.getRealm();
            JsonNode hooks = http.hooks("GET", copy, "webhooks", token, null).json();
            assertEquals(2, hooks.size(), hooks.toString());
            hooks.forEach(hook -> {
                assertFalse(hook.get("valid").asBoolean(), "a secret the copy cannot decrypt is unusable: " + hook);
                assertEquals("secret", hook.at("/errors/0/field").asText(), hook.toString());
            });
            JsonNode one = http.hooks("GET", copy, "webhooks/as-code", token, null).json();
            assertTrue(one.at("/errors/0/errorMessage").asText().contains("cannot be decrypted"), one.toString());
            assertTrue(http.hooks("GET", realm.getName(), "webhooks/as-code", token, null).json().get("valid")
                    .asBoolean(), "in its own realm the same value is valid");

            assertFalse(realmAttributes().get("hooks.webhook.as-code").contains(plaintext),
                    "a plaintext secret written by realm update is stored encrypted");
            receiver.clear();
            JsonNode asCode = http.hooks("POST", copy, "webhooks/as-code/test", token, null).json();
            assertFalse(asCode.get("success").asBoolean(), "encrypted under the source realm's key: " + asCode);
            assertTrue(asCode.get("error").asText().contains("key"), asCode.toString());

            receiver.clear();
            JsonNode encrypted = http.hooks("POST", copy, "webhooks/encrypted/test", token, null).json();
            assertFalse(encrypted.get("success").asBoolean(), "the copy has other realm keys");
            assertTrue(encrypted.get("error").asText().contains("key"), encrypted.toString());
            assertTrue(receiver.received().isEmpty(), "never sent unsigned");
        } finally {
            masterAdmin.realm(export.getRealm()).remove();
        }
    }

    @Test
    void encryptedSecretsStayReadableAfterARealmKeyRotation() throws Exception {
        String secret = "a-secret-from-before-the-key-rotation-42";
        assertEquals(201, post("webhooks", """
                {"id": "rotated", "url": "%s", "events": ["user.deleted"], "secret": "%s"}""".formatted(receiver.url(), secret)).status());
        String before = realmAttributes().get("hooks.webhook.rotated");

        ComponentRepresentation newKey = new ComponentRepresentation();
        newKey.setName("rotated-aes");
        newKey.setProviderId("aes-generated");
        newKey.setProviderType("org.keycloak.keys.KeyProvider");
        newKey.setParentId(realm.getId());
        newKey.setConfig(new MultivaluedHashMap<>(Map.of("priority", List.of("500"), "active", List.of("true"))));
        realm.admin().components().add(newKey).close();

        receiver.clear();
        assertTrue(post("webhooks/rotated/test", null).json().get("success").asBoolean(), "old key still decrypts");
        ReceiverSignatures.verifyAll(receiver.await(r -> true, Duration.ofSeconds(10)), secret, issuer(realm));

        assertEquals(201, post("webhooks", """
                {"id": "after-rotation", "url": "%s", "events": ["user.deleted"], "secret": "%s"}""".formatted(receiver.url(), secret)).status());
        String after = realmAttributes().get("hooks.webhook.after-rotation");
        assertNotEquals(keyId(before), keyId(after), "new secrets use the new active key");
    }

    private static String keyId(String attributeValue) throws Exception {
        String stored = JsonSerialization.readValue(attributeValue, JsonNode.class).get("secret").asText();
        return stored.split(":")[2];
    }

    @Test
    void httpsReceiversAreTrustedThroughKeycloaksTruststoreWithHostnameVerification() throws Exception {
        HttpsServer https = TestTls.startServer();
        HookReceiver tlsReceiver = new HookReceiver(https, "/tls");
        try {
            int port = https.getAddress().getPort();
            assertEquals(201, post("webhooks", """
                    {"id": "tls", "url": "https://localhost:%d/tls", "events": ["user.deleted"]}""".formatted(port)).status());
            JsonNode trusted = post("webhooks/tls/test", null).json();
            assertTrue(trusted.get("success").asBoolean(), trusted.toString());
            assertEquals(1, tlsReceiver.received().size());

            assertEquals(201, post("webhooks", """
                    {"id": "tls-wrong-name", "url": "https://127.0.0.1:%d/tls", "events": ["user.deleted"]}""".formatted(port)).status());
            JsonNode mismatch = post("webhooks/tls-wrong-name/test", null).json();
            assertFalse(mismatch.get("success").asBoolean(), "the certificate names localhost, not 127.0.0.1");
            assertTrue(mismatch.get("error").asText().contains("TLS") || mismatch.get("error").asText().contains("SSL"),
                    mismatch.toString());
            assertEquals(1, tlsReceiver.received().size(), "nothing sent over the mismatched connection");
        } finally {
            https.stop(0);
        }
    }

    @Test
    void prehookTestActionSendsASampleRequestAndReturnsTheDecision() throws Exception {
        String secret = "a-prehook-secret-that-is-long-enough-4242";
        assertEquals(201, http.hooks("POST", realm.getName(), "prehooks", token, """
                {"id": "gate", "trigger": "pre_sign_up", "url": "%s", "secret": "%s", "failMode": "closed"}
                """.formatted(receiver.url(), secret)).status());
        receiver.respond(200, """
                {"continue": false, "error": {"status": 403, "message": "Sign-ups from example.com are closed"},
                 "fieldErrors": {"email": "Use your work address"}}""");

        JsonNode denied = http.hooks("POST", realm.getName(), "prehooks/gate/test", token, null).json();

        assertEquals("deny", denied.get("decision").asText(), denied.toString());
        assertEquals("Sign-ups from example.com are closed", denied.get("message").asText());
        assertEquals("Use your work address", denied.get("fieldErrors").get("email").asText());
        assertFalse(denied.get("proceeds").asBoolean());
        assertEquals("pre_sign_up", denied.get("trigger").asText());
        HookReceiver.Received request = receiver.await(r -> true, Duration.ofSeconds(10));
        ReceiverSignatures.verifyAll(request, secret, issuer(realm));
        JsonNode envelope = JsonSerialization.readValue(request.body(), JsonNode.class);
        assertEquals("pre_sign_up", envelope.get("type").asText());
        assertEquals(realm.getName(), envelope.get("realm").get("name").asText());
        assertTrue(envelope.get("context").has("ipAddress") && envelope.get("context").get("client").has("clientId"));
        assertEquals("form", envelope.get("data").get("provider").asText());
        assertTrue(envelope.get("data").has("email"));

        receiver.respond(503, "");
        JsonNode failed = http.hooks("POST", realm.getName(), "prehooks/gate/test", token, null).json();
        assertEquals("failure", failed.get("decision").asText(), failed.toString());
        assertEquals(503, failed.get("status").asInt());
        assertFalse(failed.get("proceeds").asBoolean(), "fail closed");

        receiver.respond(204, "");
        JsonNode allowed = http.hooks("POST", realm.getName(), "prehooks/gate/test", token, null).json();
        assertEquals("allow", allowed.get("decision").asText());
        assertTrue(allowed.get("proceeds").asBoolean());
    }

    @Test
    void testActionReportsAFailingReceiver() {
        receiver.respond(503, "{\"down\": true}");
        assertEquals(201, post("webhooks", """
                {"id": "failing", "url": "%s", "events": ["user.deleted"]}""".formatted(receiver.url())).status());

        JsonNode attempt = post("webhooks/failing/test", null).json();

        assertFalse(attempt.get("success").asBoolean());
        assertEquals(503, attempt.get("status").asInt());
    }

    @Test
    void invalidInputIs400NamingTheFieldAndStoresNothing() {
        Map<String, String> before = realmAttributes();
        assertInvalid("""
                {"id": "bad", "url": "ftp://x.test/", "events": ["user.created"]}""", "url");
        assertInvalid("""
                {"id": "bad", "url": "https://x.test/", "events": []}""", "events");
        assertInvalid("""
                {"id": "bad", "url": "https://x.test/", "events": ["user.nope"]}""", "events[0]");
        assertInvalid("""
                {"id": "bad", "url": "https://x.test/", "events": ["*"], "secret": "too-short"}""", "secret");
        assertInvalid("""
                {"id": "bad", "url": "https://x.test/", "events": ["*"], "timeoutMs": 50}""", "timeoutMs");
        assertInvalid("""
                {"id": "Bad Id!", "url": "https://x.test/", "events": ["*"]}""", "id");
        assertInvalid("""
                {"id": "bad", "url": "https://x.test/", "events": ["*"], "headers": {"webhook-signature": "x"}}""", "headers");
        assertEquals(before, realmAttributes(), "nothing stored");

        AdminHttp.Response prehook = http.hooks("POST", realm.getName(), "prehooks", token, """
                {"id": "p", "url": "https://x.test/", "trigger": "pre_lunch"}""");
        assertEquals(400, prehook.status());
        assertEquals("trigger", prehook.json().get("field").asText(), prehook.body());
    }

    @Test
    void refusedDestinationIsRejectedAtConfigTime() {
        AdminHttp.Response response = assertInvalid("""
                {"id": "metadata", "url": "http://169.254.169.254/latest/meta-data", "events": ["*"]}""", "url");
        assertTrue(response.json().get("errorMessage").asText().contains("169.254.169.254"), response.body());
    }

    @Test
    void refusedDestinationIsRefusedAtCallTimeToo() {
        setRealmAttribute("hooks.webhook.sneaky", """
                {"url": "https://169.254.169.254/", "events": ["*"]}""");

        JsonNode attempt = post("webhooks/sneaky/test", null).json();

        assertFalse(attempt.get("success").asBoolean());
        assertTrue(attempt.get("status").isNull());
        assertTrue(attempt.get("error").asText().contains("169.254.169.254"), attempt.toString());
    }

    @Test
    void malformedAttributeIsListedWithItsErrorsWhileOtherHooksWork() {
        setRealmAttribute("hooks.webhook.broken", "{this is not json");
        setRealmAttribute("hooks.webhook.partial", """
                {"url": "https://x.test/", "events": [], "timeoutMs": 99999999}""");
        assertEquals(201, post("webhooks", """
                {"id": "healthy", "url": "%s", "events": ["*"]}""".formatted(receiver.url())).status());

        JsonNode list = get("webhooks").json();
        Map<String, JsonNode> byId = new HashMap<>();
        list.forEach(hook -> byId.put(hook.get("id").asText(), hook));
        assertFalse(byId.get("broken").get("valid").asBoolean());
        assertFalse(byId.get("broken").get("errors").isEmpty());
        JsonNode partialErrors = byId.get("partial").get("errors");
        assertEquals(2, partialErrors.size(), partialErrors.toString());
        assertTrue(byId.get("healthy").get("valid").asBoolean());
        assertEquals(400, post("webhooks/broken/test", null).status());
        assertTrue(post("webhooks/healthy/test", null).json().get("success").asBoolean());
    }

    @Test
    void staleRealmUpdateKeepsHooks() throws Exception {
        String staleRealm = http.admin("GET", "/admin/realms/" + realm.getName(), token, null).body();
        assertEquals(201, post("webhooks", """
                {"id": "survivor", "url": "%s", "events": ["*"], "secret": "a-receiver-chosen-secret-of-40-characters"}
                """.formatted(receiver.url())).status());
        String stored = realmAttributes().get("hooks.webhook.survivor");

        RealmRepresentation stale = JsonSerialization.readValue(staleRealm, RealmRepresentation.class);
        stale.setDisplayName("Renamed while a hook was created");
        assertEquals(204, http.admin("PUT", "/admin/realms/" + realm.getName(), token,
                JsonSerialization.writeValueAsString(stale)).status());

        assertEquals("Renamed while a hook was created", realm.admin().toRepresentation().getDisplayName());
        assertEquals(stored, realmAttributes().get("hooks.webhook.survivor"), "the hook survived the stale update");
        assertTrue(post("webhooks/survivor/test", null).json().get("success").asBoolean());
    }

    @Test
    void viewRealmMayReadButNotWrite() {
        String viewer = http.userToken(realm.getName(), "viewer", PASSWORD);
        assertEquals(200, http.hooks("GET", realm.getName(), "webhooks", viewer, null).status());
        assertEquals(200, http.hooks("GET", realm.getName(), "prehooks", viewer, null).status());
        assertEquals(403, http.hooks("POST", realm.getName(), "webhooks", viewer, """
                {"id": "nope", "url": "https://x.test/", "events": ["*"]}""").status());
        assertEquals(201, post("webhooks", """
                {"id": "existing", "url": "%s", "events": ["*"]}""".formatted(receiver.url())).status());
        assertEquals(403, http.hooks("DELETE", realm.getName(), "webhooks/existing", viewer, null).status());
        assertEquals(403, http.hooks("POST", realm.getName(), "webhooks/existing/test", viewer, null).status());
        assertEquals(401, http.hooks("GET", realm.getName(), "webhooks", null, null).status());
    }

    @Test
    void anotherRealmsAdminCannotReadOrWrite() {
        String neighbourAdmin = http.userToken(neighbour.getName(), "neighbour-admin", PASSWORD);
        assertEquals(200, http.hooks("GET", neighbour.getName(), "webhooks", neighbourAdmin, null).status());
        assertEquals(403, http.hooks("GET", realm.getName(), "webhooks", neighbourAdmin, null).status());
        assertEquals(403, http.hooks("POST", realm.getName(), "webhooks", neighbourAdmin, """
                {"id": "intruder", "url": "https://x.test/", "events": ["*"]}""").status());
    }

    @Test
    void writesAreAdminEventsWithoutSecrets() {
        realm.updateWithCleanup(r -> r.adminEventsEnabled(true).adminEventsDetailsEnabled(true));
        String secret = "an-admin-chosen-secret-of-42-characters!!";
        assertEquals(201, post("webhooks", """
                {"id": "audited", "url": "%s", "events": ["*"], "secret": "%s"}""".formatted(receiver.url(), secret)).status());

        AdminEventRepresentation event = realm.admin().getAdminEvents().stream()
                .filter(e -> "hooks/webhooks/audited".equals(e.getResourcePath()))
                .findFirst().orElseThrow(() -> new AssertionError("no admin event for the create"));
        assertEquals("CREATE", event.getOperationType());
        assertEquals("CUSTOM", event.getResourceType());
        assertTrue(event.getRepresentation().contains("**********"), event.getRepresentation());
        assertFalse(event.getRepresentation().contains(secret));
    }

    @Test
    void rawSecretIsAbsentFromRealmRepresentationAndExport() {
        String secret = "an-admin-chosen-secret-of-42-characters!!";
        assertEquals(201, post("webhooks", """
                {"id": "exported", "url": "%s", "events": ["*"], "secret": "%s"}""".formatted(receiver.url(), secret)).status());

        String representation = http.admin("GET", "/admin/realms/" + realm.getName(), token, null).body();
        String export = http.admin("POST", "/admin/realms/" + realm.getName() + "/partial-export", token, null).body();

        assertTrue(representation.contains("hooks.webhook.exported") && export.contains("hooks.webhook.exported"));
        assertFalse(representation.contains(secret), "realm representation");
        assertFalse(export.contains(secret), "partial export");
    }

    private AdminHttp.Response assertInvalid(String json, String field) {
        AdminHttp.Response response = post("webhooks", json);
        assertEquals(400, response.status(), json + " -> " + response.body());
        JsonNode body = response.json();
        boolean named = false;
        for (JsonNode error : body.get("errors")) {
            named |= error.get("field").asText().equals(field);
        }
        assertTrue(named, "an error names " + field + ": " + response.body());
        assertTrue(body.get("errorMessage").asText().contains(field + ": "), response.body());
        return response;
    }

    private AdminHttp.Response post(String path, String json) {
        return http.hooks("POST", realm.getName(), path, token, json);
    }

    private AdminHttp.Response get(String path) {
        return http.hooks("GET", realm.getName(), path, token, null);
    }

    private Map<String, String> realmAttributes() {
        Map<String, String> attributes = realm.admin().toRepresentation().getAttributes();
        return attributes == null ? Map.of() : attributes;
    }

    /** Config-as-code: a hook written straight into the realm attribute, as an import or realm update would. */
    private void setRealmAttribute(String name, String value) {
        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.getAttributes().put(name, value);
        realm.admin().update(rep);
    }

    private String issuer(ManagedRealm managed) {
        return urls.getBase() + "/realms/" + managed.getName();
    }

    public static class ConfigRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.users(UserBuilder.create("viewer").email("viewer@config.test").name("View", "Er")
                    .password(PASSWORD).clientRoles("realm-management", "view-realm"));
        }
    }

    public static class NeighbourRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.users(UserBuilder.create("neighbour-admin").email("admin@neighbour.test").name("Neigh", "Bour")
                    .password(PASSWORD).clientRoles("realm-management", "realm-admin"));
        }
    }
}
