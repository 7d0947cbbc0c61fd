package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;

/**
 * Revisions: a realm save from a page loaded earlier (through {@code PUT /admin/realms/{realm}} and the console's
 * {@code PUT /admin/realms/{realm}/ui-ext}) never reverts, resurrects or deletes a hook; config as code without
 * revisions is stored; history and restore.
 */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class HookRevisionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String URL_A = "https://localhost:9/a";
    private static final String URL_B = "https://localhost:9/b";

    @InjectRealm
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak masterAdmin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    AdminHttp http;
    String token;

    @BeforeEach
    void setUp() {
        http = new AdminHttp(urls.getBase());
        token = masterAdmin.tokenManager().getAccessTokenString();
    }

    @AfterEach
    void tearDown() {
        realm.admin().toRepresentation().getAttributes().keySet().stream().filter(n -> n.startsWith("hooks.webhook."))
                .forEach(n -> http.hooks("DELETE", realm.getName(), "webhooks/" + n.substring("hooks.webhook.".length()), token, null));
    }

    @Test
    void staleRealmSavesKeepTheStoredHook() throws Exception {
        for (String endpoint : new String[] {"", "/ui-ext"}) {
            String id = endpoint.isEmpty() ? "edited" : "edited-ui";
            create(id, URL_A);
            RealmRepresentation stale = realm.admin().toRepresentation();
            JsonNode rotated = put(id, """
                    {"url": "%s", "events": ["user.*"], "secret": "%s"}""".formatted(URL_B, "r".repeat(40)));
            String rotatedAttribute = attribute(id);

            saveRealm(endpoint, stale);
            JsonNode now = get(id);
            assertEquals(URL_B, now.get("url").asText(), "a stale realm save through '" + endpoint + "' kept the new URL");
            assertEquals(rotated.get("revision").asLong(), now.get("revision").asLong());
            assertEquals(rotatedAttribute, attribute(id), "and the rotated secret");
        }
    }

    @Test
    void staleRealmSaveNeitherResurrectsNorDeletes() throws Exception {
        create("deleted", URL_A);
        RealmRepresentation beforeDelete = realm.admin().toRepresentation();
        assertEquals(204, http.hooks("DELETE", realm.getName(), "webhooks/deleted", token, null).status());
        saveRealm("", beforeDelete);
        assertNull(attribute("deleted"), "a stale page does not bring a deleted hook back");

        JsonNode recreated = create("deleted", URL_B);
        assertEquals(3, recreated.get("revision").asLong(), "revisions go on after a delete: " + recreated);
        saveRealm("/ui-ext", beforeDelete);
        assertEquals(URL_B, get("deleted").get("url").asText(), "the re-created hook is not replaced by the old one");

        RealmRepresentation beforeCreate = realm.admin().toRepresentation();
        beforeCreate.getAttributes().remove("hooks.webhook.deleted");
        create("later", URL_A);
        saveRealm("", beforeCreate);
        assertEquals(URL_A, get("later").get("url").asText(), "a page loaded before a create keeps the new hook");
    }

    @Test
    void configAsCodeWithoutRevisionIsStoredAndAnUnchangedValueIsNoChange() throws Exception {
        RealmRepresentation rep = realm.admin().toRepresentation();
        Map<String, String> attributes = new HashMap<>(rep.getAttributes());
        String asCode = """
                {"url": "%s", "events": ["user.created"], "secret": "%s"}""".formatted(URL_A, "c".repeat(40));
        attributes.put("hooks.webhook.as-code", asCode);
        rep.setAttributes(attributes);
        saveRealm("", rep);

        String stored = attribute("as-code");
        assertFalse(stored.contains("c".repeat(40)), "the plaintext secret is encrypted: " + stored);
        JsonNode hook = get("as-code");
        assertEquals(1, hook.get("revision").asLong(), hook.toString());
        assertEquals("realm-update", revisions("as-code").get(0).get("source").asText());

        saveRealm("", rep);
        assertEquals(1, get("as-code").get("revision").asLong(), "the same value again is no change");
        assertEquals(1, revisions("as-code").size());

        attributes.put("hooks.webhook.as-code", asCode.replace(URL_A, URL_B));
        saveRealm("", rep);
        assertEquals(URL_B, get("as-code").get("url").asText());
        assertEquals(2, get("as-code").get("revision").asLong());

        attributes.put("hooks.webhook.broken", "{\"url\": \"not a url\"}");
        saveRealm("", rep);
        JsonNode broken = get("broken");
        assertFalse(broken.get("valid").asBoolean(), "stored but listed invalid: " + broken);
    }

    @Test
    void historyListsRevisionsAndRestoreKeepsTheCurrentSecret() throws Exception {
        create("restored", URL_A);
        put("restored", """
                {"url": "%s", "events": ["user.*"], "secret": "%s"}""".formatted(URL_B, "s".repeat(40)));
        String secretNow = JSON.readTree(attribute("restored")).get("secret").asText();

        JsonNode history = revisions("restored");
        assertEquals(2, history.size(), history.toString());
        assertEquals(2, history.get(0).get("revision").asLong(), "newest first");
        assertEquals("api", history.get(0).get("source").asText());
        assertTrue(history.get(0).get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertFalse(history.get(0).get("by").isNull(), "the admin's user id");
        assertEquals("**********", history.get(1).get("hook").get("secret").asText(), "history is masked");

        AdminHttp.Response restored = http.hooks("POST", realm.getName(), "webhooks/restored/revisions/1/restore", token, null);
        assertEquals(200, restored.status(), restored.body());
        assertEquals(URL_A, restored.json().get("url").asText());
        assertEquals(3, restored.json().get("revision").asLong());
        assertEquals(secretNow, JSON.readTree(attribute("restored")).get("secret").asText(), "the current secret is kept");
        assertEquals(404, http.hooks("POST", realm.getName(), "webhooks/restored/revisions/9/restore", token, null).status());
    }

    @Test
    void anApiWriteOnAStaleRevisionIsRefused() throws Exception {
        JsonNode created = create("guarded", URL_A);
        put("guarded", """
                {"url": "%s", "events": ["user.*"], "secret": "**********"}""".formatted(URL_B));
        AdminHttp.Response stale = http.hooks("PUT", realm.getName(), "webhooks/guarded", token, """
                {"url": "%s", "events": ["user.*"], "secret": "**********", "revision": %d}"""
                .formatted(URL_A, created.get("revision").asLong()));
        assertEquals(409, stale.status(), stale.body());
        assertTrue(stale.body().contains("revision"), stale.body());
        assertEquals(URL_B, get("guarded").get("url").asText());
    }

    @Test
    void unusableSecretsAreRefusedNamingSecret() {
        for (String secret : new String[] {"whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "enc:v1:a2lk:" + "A".repeat(60)}) {
            AdminHttp.Response refused = http.hooks("POST", realm.getName(), "webhooks", token, """
                    {"id": "poison", "url": "%s", "events": ["user.*"], "secret": "%s"}""".formatted(URL_A, secret));
            assertEquals(400, refused.status(), refused.body());
            assertTrue(refused.body().contains("secret"), refused.body());
        }
        assertNull(attribute("poison"));
    }

    @Test
    void anImportedPlaintextSecretIsEncryptedAndStartsTheHistory() throws Exception {
        RealmRepresentation imported = new RealmRepresentation();
        imported.setRealm("revisions-imported");
        imported.setEnabled(true);
        String plaintext = "an-imported-plaintext-secret-of-40-chars";
        imported.setAttributes(Map.of("hooks.webhook.imported", """
                {"url": "%s", "events": ["user.created"], "secret": "%s"}""".formatted(URL_A, plaintext)));
        masterAdmin.realms().create(imported);
        try {
            String stored = masterAdmin.realm("revisions-imported").toRepresentation().getAttributes().get("hooks.webhook.imported");
            assertFalse(stored.contains(plaintext), "encrypted with the new realm's key: " + stored);
            JsonNode history = http.getHooks("revisions-imported", "webhooks/imported/revisions", token).json();
            assertEquals("import", history.get(0).get("source").asText(), history.toString());
            JsonNode hook = http.getHooks("revisions-imported", "webhooks/imported", token).json();
            assertTrue(hook.get("valid").asBoolean(), hook.toString());
            assertEquals(1, hook.get("revision").asLong());
        } finally {
            masterAdmin.realm("revisions-imported").remove();
        }
    }

    private JsonNode create(String id, String url) throws Exception {
        AdminHttp.Response created = http.hooks("POST", realm.getName(), "webhooks", token, """
                {"id": "%s", "url": "%s", "events": ["user.*"]}""".formatted(id, url));
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    private JsonNode put(String id, String body) throws Exception {
        AdminHttp.Response replaced = http.hooks("PUT", realm.getName(), "webhooks/" + id, token, body);
        assertEquals(200, replaced.status(), replaced.body());
        return replaced.json();
    }

    private JsonNode get(String id) throws Exception {
        AdminHttp.Response read = http.getHooks(realm.getName(), "webhooks/" + id, token);
        assertEquals(200, read.status(), read.body());
        return read.json();
    }

    private JsonNode revisions(String id) throws Exception {
        AdminHttp.Response read = http.getHooks(realm.getName(), "webhooks/" + id + "/revisions", token);
        assertEquals(200, read.status(), read.body());
        return read.json();
    }

    private String attribute(String id) {
        return realm.admin().toRepresentation().getAttributes().get("hooks.webhook." + id);
    }

    private void saveRealm(String endpoint, RealmRepresentation rep) throws Exception {
        AdminHttp.Response saved = http.admin("PUT", "/admin/realms/" + realm.getName() + endpoint, token,
                org.keycloak.util.JsonSerialization.writeValueAsString(rep));
        assertEquals(204, saved.status(), saved.body());
    }
}
