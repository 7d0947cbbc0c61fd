package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.AdminEventRepresentation;
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

/**
 * Credentials beyond {@code secret}: header values and URL query values never reach a view-only admin, Keycloak's
 * admin-event store or another webhook's receiver, while the configured receiver gets them; concurrent writes to one
 * hook never lose one silently.
 */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class HookCredentialsIT {

    private static final String PASSWORD = "Secret-pass-1";
    private static final String QUERY_TOKEN = "qtok-5f1c2a";
    private static final String HEADER_TOKEN = "Bearer htok-9d8e7f";
    private static final String SECRET = "a-secret-no-viewer-may-read-40-characters";
    private static final String CODE_TOKEN = "ctok-1b2c3d";

    @InjectRealm(config = CredentialsRealm.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak masterAdmin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectHttpServer
    HttpServer httpServer;

    HookReceiver receiver;
    HookReceiver audit;
    AdminHttp http;
    String token;

    @BeforeEach
    void setUp() {
        receiver = new HookReceiver(httpServer, "/credentials-it");
        audit = new HookReceiver(httpServer, "/credentials-audit");
        http = new AdminHttp(urls.getBase());
        token = masterAdmin.tokenManager().getAccessTokenString();
    }

    @AfterEach
    void tearDown() {
        receiver.stop();
        audit.stop();
        realm.admin().toRepresentation().getAttributes().keySet().stream().filter(n -> n.startsWith("hooks.webhook."))
                .forEach(n -> http.hooks("DELETE", realm.getName(), "webhooks/" + n.substring("hooks.webhook.".length()), token, null));
    }

    @Test
    void headerValuesAndUrlCredentialsReachOnlyTheConfiguredReceiver() {
        realm.updateWithCleanup(r -> r.adminEventsEnabled(true).adminEventsDetailsEnabled(true));
        assertEquals(201, http.hooks("POST", realm.getName(), "webhooks", token, """
                {"id": "audit", "url": "%s", "events": ["keycloak.admin.*"]}""".formatted(audit.url())).status());
        AdminHttp.Response created = http.hooks("POST", realm.getName(), "webhooks", token, """
                {"id": "creds", "url": "%s?token=%s&plain", "events": ["user.created"], "secret": "%s",
                 "headers": {"Authorization": "%s"}}""".formatted(receiver.url(), QUERY_TOKEN, SECRET, HEADER_TOKEN));
        assertEquals(201, created.status(), created.body());
        assertNoCredential("the create response", created.body());
        assertEquals(receiver.url() + "?token=**********&plain", created.json().get("url").asText());

        // config as code: a realm update that carries a hook with a plaintext header value
        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.getAttributes().put("hooks.webhook.coded", """
                {"url": "%s", "events": ["user.deleted"], "headers": {"X-Api-Key": "%s"}}""".formatted(receiver.url(), CODE_TOKEN));
        realm.admin().update(rep);

        String viewer = http.userToken(realm.getName(), "viewer", PASSWORD);
        for (String path : List.of("webhooks", "webhooks/creds", "webhooks/coded", "webhooks/creds/revisions")) {
            AdminHttp.Response read = http.hooks("GET", realm.getName(), path, viewer, null);
            assertEquals(200, read.status(), path + ": " + read.body());
            assertNoCredential("GET hooks/" + path, read.body());
        }
        assertEquals("**********", http.hooks("GET", realm.getName(), "webhooks/creds", viewer, null).json()
                .get("headers").get("Authorization").asText());
        assertNoCredential("the realm representation",
                http.admin("GET", "/admin/realms/" + realm.getName(), viewer, null).body());
        String components = http.admin("GET", "/admin/realms/" + realm.getName()
                + "/components?type=org.keycloak.services.ui.extend.UiPageProvider", viewer, null).body();
        assertTrue(components.contains("creds"), "the console page components are there: " + components);
        assertNoCredential("the console components", components);

        List<AdminEventRepresentation> events = realm.admin().getAdminEvents();
        assertTrue(events.stream().anyMatch(e -> "REALM".equals(e.getResourceType()) && e.getRepresentation() != null
                && e.getRepresentation().contains("hooks.webhook.coded")), "the realm update is in the admin-event store");
        events.forEach(e -> assertNoCredential("stored admin event " + e.getResourceType() + " " + e.getOperationType(),
                e.getRepresentation()));

        HookReceiver.Received realmUpdate = audit.await(r -> r.bodyText().contains("keycloak.admin.REALM.UPDATE"),
                Duration.ofSeconds(20));
        assertTrue(realmUpdate.bodyText().contains("hooks.webhook.coded"), realmUpdate.bodyText());
        audit.await(r -> r.bodyText().contains("keycloak.admin.CUSTOM.CREATE") && r.bodyText().contains("creds"),
                Duration.ofSeconds(20));
        audit.received().forEach(r -> assertNoCredential("a keycloak.admin.* delivery", r.bodyText()));

        realm.admin().users().create(UserBuilder.create("carol").email("carol@credentials.test").build()).close();
        HookReceiver.Received delivery = receiver.await(r -> r.bodyText().contains("\"user.created\""), Duration.ofSeconds(20));
        assertEquals(HEADER_TOKEN, delivery.header("Authorization"), "the receiver gets the real header");
        assertEquals("token=" + QUERY_TOKEN + "&plain", delivery.uri().getRawQuery(), "and the real URL");
    }

    @Test
    void concurrentWritesToOneHookAreSerializedOrRefusedNeverLost() throws Exception {
        assertEquals(201, http.hooks("POST", realm.getName(), "webhooks", token, """
                {"id": "raced", "url": "%s", "events": ["user.*"]}""".formatted(receiver.url())).status());
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<AdminHttp.Response>> results = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                String url = receiver.url() + "/writer-" + i;
                Callable<AdminHttp.Response> write = () -> http.hooks("PUT", realm.getName(), "webhooks/raced", token, """
                        {"url": "%s", "events": ["user.*"]}""".formatted(url));
                results.add(pool.submit(write));
            }
            int succeeded = 0;
            for (Future<AdminHttp.Response> result : results) {
                AdminHttp.Response response = result.get();
                if (response.status() == 200) {
                    succeeded++;
                } else {
                    assertEquals(409, response.status(), "a write that loses the race is refused as a conflict: "
                            + response.body());
                }
            }
            assertTrue(succeeded >= 1, "at least one write wins");
            JsonNode history = http.hooks("GET", realm.getName(), "webhooks/raced/revisions", token, null).json();
            assertEquals(succeeded + 1, history.size(), "every accepted write is a revision, none overwritten: " + history);
            JsonNode current = http.hooks("GET", realm.getName(), "webhooks/raced", token, null).json();
            assertEquals(history.get(0).get("revision").asLong(), current.get("revision").asLong());
            assertEquals(history.get(0).get("hook").get("url").asText(), current.get("url").asText(),
                    "the stored hook is the newest accepted write");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertNoCredential(String where, String text) {
        if (text == null) {
            return;
        }
        for (String credential : List.of(QUERY_TOKEN, HEADER_TOKEN, "htok-9d8e7f", SECRET, CODE_TOKEN)) {
            assertFalse(text.contains(credential), where + " shows " + credential + ": " + text);
        }
    }

    public static class CredentialsRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.users(UserBuilder.create("viewer").email("viewer@credentials.test").name("View", "Er")
                    .password(PASSWORD).clientRoles("realm-management", "view-realm"));
        }
    }
}
