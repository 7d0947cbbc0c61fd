package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;
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
 * Webhook delivery through the outbox on a real Keycloak (H2): real user and admin events, a real receiver that
 * verifies signatures, retries on the short test schedule ({@link HooksServerConfig#RETRY_SCHEDULE}), 410,
 * Retry-After, dead letter, redelivery and the delivery log API.
 */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class WebhookDeliveryIT {

    static final String PASSWORD = "Alice-pass-1";
    static final String SECRET = "whsec_QWic4rvfEuLnP3dK38rYH0tmRZggmyGuN4Kb+ZsFZS0=";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final ObjectMapper JSON = new ObjectMapper();

    @InjectRealm(config = DeliveryRealm.class)
    ManagedRealm realm;

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
        receiver = new HookReceiver(httpServer, "/webhook-delivery-it");
        http = new AdminHttp(urls.getBase());
        token = masterAdmin.tokenManager().getAccessTokenString();
    }

    @AfterEach
    void tearDown() {
        realm.admin().toRepresentation().getAttributes().keySet().stream()
                .filter(name -> name.startsWith("hooks.webhook."))
                .forEach(name -> http.hooks("DELETE", realm.getName(), "webhooks/" + name.substring(14), token, null));
        receiver.stop();
    }

    @Test
    void userEventsArriveSignedInTheSpecEnvelope() throws Exception {
        createWebhook("logins", "\"user.authenticated\", \"keycloak.LOGIN\"");
        http.userToken(realm.getName(), "alice", PASSWORD);

        JsonNode curated = envelope(awaitType("user.authenticated"));
        JsonNode raw = envelope(awaitType("keycloak.LOGIN"));
        ReceiverSignatures.verifyAll(awaitType("user.authenticated"), SECRET, issuer());
        assertNotEquals(curated.get("id").asText(), raw.get("id").asText(), "one message, one id, per type");
        assertTrue(curated.get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertEquals(realm.getName(), curated.at("/realm/name").asText());
        assertEquals(realm.getId(), curated.at("/realm/id").asText());
        JsonNode data = curated.get("data");
        assertEquals("alice", data.at("/user/username").asText());
        assertEquals("alice@delivery.test", data.at("/user/email").asText());
        assertEquals("admin-cli", data.at("/client/clientId").asText());
        assertEquals("LOGIN", data.at("/keycloak/eventType").asText());
        assertEquals("alice", data.at("/keycloak/details/username").asText());
        assertTrue(data.get("ipAddress").asText().length() > 0);
        assertTrue(data.get("sessionId").asText().length() > 0);
    }

    @Test
    void errorEventsAreDelivered() throws Exception {
        createWebhook("failures", "\"user.failedAuthentication\"");
        AdminHttp.Response denied = http.tokenResponse(realm.getName(), "alice", "wrong-password");
        // Keycloak 26.7 answers a wrong password with 400, 26.4 and 26.5 with 401; the error is invalid_grant on all.
        assertTrue(denied.status() == 400 || denied.status() == 401, "status " + denied.status());
        assertTrue(denied.body().contains("invalid_grant"), denied.body());

        JsonNode data = envelope(awaitType("user.failedAuthentication")).get("data");
        assertEquals("LOGIN_ERROR", data.at("/keycloak/eventType").asText());
        assertEquals("invalid_user_credentials", data.at("/keycloak/error").asText());
    }

    @Test
    void adminUserEventsProduceCuratedAndRawTypes() throws Exception {
        createWebhook("users", "\"user.created\", \"user.deleted\", \"keycloak.admin.USER.*\"");
        UserRepresentation bob = new UserRepresentation();
        bob.setUsername("bob");
        bob.setEmail("bob@delivery.test");
        bob.setEnabled(true);
        String bobId;
        try (Response created = realm.admin().users().create(bob)) {
            assertEquals(201, created.getStatus());
            bobId = created.getLocation().getPath().replaceAll(".*/", "");
        }
        JsonNode created = envelope(awaitType("user.created"));
        assertEquals(bobId, created.at("/data/user/id").asText());
        assertEquals("bob", created.at("/data/user/username").asText());
        assertEquals("CREATE", created.at("/data/keycloak/operationType").asText());
        assertEquals("users/" + bobId, created.at("/data/keycloak/resourcePath").asText());
        envelope(awaitType("keycloak.admin.USER.CREATE"));

        realm.admin().users().delete(bobId).close();
        JsonNode deleted = envelope(awaitType("user.deleted"));
        assertEquals(bobId, deleted.at("/data/user/id").asText());
        envelope(awaitType("keycloak.admin.USER.DELETE"));
    }

    @Test
    void logoutAndAdminUserChanges() throws Exception {
        createWebhook("account", "\"user.loggedOut\", \"user.updated\", \"user.changedPassword\"");
        JsonNode tokens = http.tokenResponse(realm.getName(), "alice", PASSWORD).json();
        AdminHttp.Response logout = http.oidcForm(realm.getName(), "logout", Map.of("client_id", "admin-cli",
                "refresh_token", tokens.get("refresh_token").asText()));
        assertEquals(204, logout.status(), logout.body());
        assertEquals("alice", envelope(awaitType("user.loggedOut")).at("/data/user/username").asText());

        UserRepresentation alice = realm.admin().users().search("alice", true).get(0);
        alice.setFirstName("Alicia");
        realm.admin().users().get(alice.getId()).update(alice);
        JsonNode updated = envelope(awaitType("user.updated"));
        assertEquals("Alicia", updated.at("/data/user/firstName").asText());
        assertEquals("UPDATE", updated.at("/data/keycloak/operationType").asText());

        org.keycloak.representations.idm.CredentialRepresentation password =
                new org.keycloak.representations.idm.CredentialRepresentation();
        password.setType("password");
        password.setValue(PASSWORD);
        password.setTemporary(false);
        realm.admin().users().get(alice.getId()).resetPassword(password);
        JsonNode changed = envelope(awaitType("user.changedPassword"));
        assertEquals(alice.getId(), changed.at("/data/user/id").asText());
        assertEquals("users/" + alice.getId() + "/reset-password", changed.at("/data/keycloak/resourcePath").asText());
    }

    @Test
    void organizationEventsAreTenantAndMembershipTypes() throws Exception {
        org.keycloak.representations.idm.RealmRepresentation settings = realm.admin().toRepresentation();
        settings.setOrganizationsEnabled(true);
        realm.admin().update(settings);
        createWebhook("tenants", "\"tenant.*\", \"user.invitedToTenant\", \"user.removedFromTenant\"");

        org.keycloak.representations.idm.OrganizationRepresentation acme =
                new org.keycloak.representations.idm.OrganizationRepresentation();
        acme.setName("Acme");
        acme.setAlias("acme");
        acme.addDomain(new org.keycloak.representations.idm.OrganizationDomainRepresentation("acme.delivery.test"));
        String orgId;
        try (Response created = realm.admin().organizations().create(acme)) {
            assertEquals(201, created.getStatus());
            orgId = created.getLocation().getPath().replaceAll(".*/", "");
        }
        JsonNode created = envelope(awaitType("tenant.created"));
        assertEquals(orgId, created.at("/data/organization/id").asText());
        assertEquals("acme", created.at("/data/organization/alias").asText());
        assertEquals("Acme", created.at("/data/organization/name").asText());

        String aliceId = realm.admin().users().search("alice", true).get(0).getId();
        try (Response added = realm.admin().organizations().get(orgId).members().addMember(aliceId)) {
            assertEquals(201, added.getStatus());
        }
        JsonNode invited = envelope(awaitType("user.invitedToTenant"));
        assertEquals("alice", invited.at("/data/user/username").asText());
        assertEquals(orgId, invited.at("/data/organization/id").asText());

        realm.admin().organizations().get(orgId).members().member(aliceId).delete().close();
        JsonNode removed = envelope(awaitType("user.removedFromTenant"));
        assertEquals(aliceId, removed.at("/data/user/id").asText());

        acme.setId(orgId);
        acme.setName("Acme Corp");
        realm.admin().organizations().get(orgId).update(acme).close();
        assertEquals("Acme Corp", envelope(awaitType("tenant.updated")).at("/data/organization/name").asText());

        realm.admin().organizations().get(orgId).delete().close();
        assertEquals(orgId, envelope(awaitType("tenant.deleted")).at("/data/organization/id").asText());
    }

    @Test
    void failedAttemptsAreRetriedWithTheSameIdAndLogged() throws Exception {
        receiver.answer(n -> HookReceiver.Answer.status(n <= 2 ? 500 : 204));
        createWebhook("flaky", "\"user.authenticated\"");
        http.userToken(realm.getName(), "alice", PASSWORD);

        List<HookReceiver.Received> attempts = awaitCount(3);
        Set<String> ids = new HashSet<>();
        attempts.forEach(a -> ids.add(a.header("webhook-id")));
        assertEquals(1, ids.size(), "every retry carries the same webhook-id: " + ids);
        for (HookReceiver.Received attempt : attempts) {
            ReceiverSignatures.verifyAll(attempt, SECRET, issuer());
        }

        JsonNode message = awaitDelivery("flaky", m -> m.get("status").asText().equals("delivered"));
        assertEquals(ids.iterator().next(), message.get("id").asText());
        assertEquals("user.authenticated", message.get("type").asText());
        assertEquals(3, message.get("attemptCount").asInt());
        JsonNode log = message.get("attempts");
        assertEquals(3, log.size());
        assertEquals(204, log.get(0).get("status").asInt(), "newest attempt first: " + log);
        assertEquals(500, log.get(2).get("status").asInt());
        assertEquals("initial", log.get(2).get("trigger").asText());
        assertEquals("retry", log.get(0).get("trigger").asText());
        assertEquals("receiver answered HTTP 500", log.get(1).get("error").asText());
        assertEquals("user.authenticated", message.at("/payload/type").asText());
        assertFalse(message.toString().contains(SECRET.substring(6)), "no secret in the delivery log");
    }

    /**
     * A vault secret that resolves to a value that cannot sign fails that webhook's own attempts with the reason;
     * the dispatcher rounds that carry them go on, so another webhook's messages arrive (before the fix one such
     * message rolled back every round, for every realm).
     */
    @Test
    void aSecretThatCannotSignFailsOnlyItsOwnAttempts() throws Exception {
        HooksServerConfig.putVaultSecret(realm.getName(), "poison", "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        AdminHttp.Response created = http.hooks("POST", realm.getName(), "webhooks", token, """
                {"id": "poison", "url": "%s", "events": ["user.authenticated"], "secret": "${vault.poison}"}
                """.formatted(receiver.url()));
        assertEquals(201, created.status(), created.body());
        createWebhook("healthy", "\"user.authenticated\"");

        http.userToken(realm.getName(), "alice", PASSWORD);
        ReceiverSignatures.verifyAll(awaitType("user.authenticated"), SECRET, issuer());
        JsonNode poisoned = awaitDelivery("poison", m -> m.get("attemptCount").asInt() >= 2);
        assertTrue(poisoned.at("/attempts/0/error").asText().contains("could not be signed"), poisoned.toString());
        http.userToken(realm.getName(), "alice", PASSWORD);
        awaitCount(2);
        assertEquals(2, receiver.received().size(), "only the healthy webhook's requests went out");

        AdminHttp.Response test = http.hooks("POST", realm.getName(), "webhooks/poison/test", token, null);
        assertEquals(200, test.status(), "the test action answers with the failure: " + test.body());
        assertFalse(test.json().get("success").asBoolean());
        assertTrue(test.json().get("error").asText().contains("could not be signed"), test.body());
        assertFalse(test.body().contains("AAAAAAAAAAAA"), "the secret is not quoted");
    }

    /**
     * Messages belong to the webhook that was subscribed when they were written: deleting it retires its pending
     * messages, so a new webhook of the same id (another receiver, other events) never gets them, lists them or
     * redelivers them; and a webhook that drops a type gets no more retries of that type.
     */
    @Test
    void deletedWebhooksTakeTheirMessagesAlongAndDroppedTypesAreNotRetried() throws Exception {
        receiver.respond(500, "");
        createWebhook("rc", "\"user.authenticated\"");
        createWebhook("narrow", "\"user.authenticated\"");
        http.userToken(realm.getName(), "alice", PASSWORD);
        awaitCount(2);
        assertEquals(204, http.hooks("DELETE", realm.getName(), "webhooks/rc", token, null).status());
        AdminHttp.Response narrowed = http.hooks("PUT", realm.getName(), "webhooks/narrow", token, """
                {"url": "%s", "events": ["tenant.created"], "secret": "**********"}
                """.formatted(receiver.url()));
        assertEquals(200, narrowed.status(), narrowed.body());

        HookReceiver other = new HookReceiver(httpServer, "/webhook-delivery-it-other");
        try {
            AdminHttp.Response recreated = http.hooks("POST", realm.getName(), "webhooks", token, """
                    {"id": "rc", "url": "%s", "events": ["tenant.created"], "secret": "%s"}
                    """.formatted(other.url(), SECRET));
            assertEquals(201, recreated.status(), recreated.body());
            JsonNode dropped = awaitDelivery("narrow", m -> m.get("status").asText().equals("failed"));
            assertEquals("the webhook no longer subscribes to user.authenticated", dropped.get("lastError").asText(),
                    dropped.toString());
            int sentBefore = receiver.received().size();
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(4).toNanos()); // past the retry schedule
            assertEquals(List.of(), other.received(), "the new rc never gets the old rc's messages");
            assertEquals(sentBefore, receiver.received().size(), "no retry after the delete or the narrowing");
            assertEquals(0, deliveries("rc", "").size(), "the old messages are not in the new webhook's log");
            AdminHttp.Response redelivered = http.hooks("POST", realm.getName(),
                    "webhooks/rc/redeliver-failed?since=2000-01-01T00:00:00Z", token, null);
            assertEquals(0, redelivered.json().get("queued").asInt(), redelivered.body());
        } finally {
            other.stop();
        }
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        receiver.answer(n -> n == 1 ? new HookReceiver.Answer(503, "", Map.of("Retry-After", "3"))
                : HookReceiver.Answer.status(204));
        createWebhook("busy", "\"user.authenticated\"");
        http.userToken(realm.getName(), "alice", PASSWORD);

        List<HookReceiver.Received> attempts = awaitCount(2);
        Duration gap = Duration.between(attempts.get(0).at(), attempts.get(1).at());
        assertTrue(gap.toMillis() >= 2_900, "waited for Retry-After (3 s), not the 1 s schedule: " + gap);
    }

    @Test
    void goneDisablesTheWebhookWithTheReason() throws Exception {
        receiver.respond(410, "");
        createWebhook("gone", "\"user.authenticated\"");
        http.userToken(realm.getName(), "alice", PASSWORD);

        awaitDelivery("gone", m -> m.get("status").asText().equals("failed"));
        JsonNode webhook = http.getHooks(realm.getName(), "webhooks/gone", token).json();
        assertFalse(webhook.get("enabled").asBoolean(), webhook.toString());
        assertTrue(webhook.get("disabledReason").asText().contains("410 Gone"), webhook.toString());
        JsonNode latest = http.getHooks(realm.getName(), "webhooks/gone/revisions", token).json().get(0);
        assertEquals("system", latest.get("source").asText(), latest.toString());
        assertTrue(latest.get("by").isNull(), latest.toString());

        JsonNode body = webhook.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("enabled", true);
        AdminHttp.Response reenabled = http.hooks("PUT", realm.getName(), "webhooks/gone", token, body.toString());
        assertEquals(200, reenabled.status(), reenabled.body());
        assertNull(reenabled.json().get("disabledReason"), "re-enabling clears the reason: " + reenabled.body());
        assertTrue(reenabled.json().get("enabled").asBoolean());
        http.hooks("PUT", realm.getName(), "webhooks/gone", token, webhook.toString().replace(
                "\"revision\":" + webhook.get("revision").asLong(), "\"revision\":" + reenabled.json().get("revision").asLong()));

        receiver.clear();
        receiver.respond(204, "");
        createWebhook("witness", "\"user.authenticated\"");
        http.userToken(realm.getName(), "alice", PASSWORD);
        awaitDelivery("witness", m -> m.get("status").asText().equals("delivered"));
        assertEquals(1, deliveries("gone", "").size(), "a disabled webhook gets no new messages");
    }

    @Test
    void deadLetterAfterTheLastAttemptThenRedelivery() throws Exception {
        receiver.respond(500, "down");
        createWebhook("dead", "\"user.authenticated\"");
        Instant before = Instant.now().minusSeconds(1);
        http.userToken(realm.getName(), "alice", PASSWORD);

        JsonNode failed = awaitDelivery("dead", m -> m.get("status").asText().equals("failed"));
        assertEquals(4, failed.get("attemptCount").asInt(), "1 + the 3 retries of the test schedule");
        assertEquals(4, receiver.received().size());
        assertEquals("receiver answered HTTP 500", failed.get("lastError").asText());
        String id = failed.get("id").asText();

        receiver.clear();
        receiver.respond(204, "");
        AdminHttp.Response queued = http.hooks("POST", realm.getName(), "webhooks/dead/deliveries/" + id + "/redeliver",
                token, null);
        assertEquals(202, queued.status(), queued.body());
        assertEquals(id, receiver.await(r -> true, WAIT).header("webhook-id"), "redelivered with the same id");
        JsonNode delivered = awaitDelivery("dead", m -> m.get("status").asText().equals("delivered"));
        assertEquals("redeliver", delivered.get("attempts").get(0).get("trigger").asText());

        receiver.respond(500, "down");
        http.userToken(realm.getName(), "alice", PASSWORD);
        String second = awaitDelivery("dead", m -> m.get("status").asText().equals("failed")).get("id").asText();
        receiver.clear();
        receiver.respond(204, "");
        AdminHttp.Response bulk = http.hooks("POST", realm.getName(), "webhooks/dead/redeliver-failed?since="
                + before, token, null);
        assertEquals(202, bulk.status(), bulk.body());
        assertEquals(1, bulk.json().get("queued").asInt());
        receiver.await(r -> true, WAIT);
        // the result is recorded after the receiver answered: wait for it in the log
        awaitDelivery("dead", m -> m.get("id").asText().equals(second) && m.get("status").asText().equals("delivered"));
        assertEquals(0, deliveries("dead", "?status=failed").size());
        assertEquals(2, deliveries("dead", "?status=delivered").size());
    }

    @Test
    void redeliveringADeliveredMessageKeepsEverySuccessfulAttemptInTheLog() throws Exception {
        receiver.respond(204, "");
        createWebhook("twice", "\"user.authenticated\"");
        Instant loggedIn = Instant.now().minusSeconds(1);
        http.userToken(realm.getName(), "alice", PASSWORD);

        JsonNode first = awaitDelivery("twice", m -> m.get("status").asText().equals("delivered"));
        assertEquals(1, first.get("attemptCount").asInt());
        JsonNode initial = first.get("attempts").get(0);
        assertEquals(1, first.get("attempts").size(), first.toString());
        assertEquals(204, initial.get("status").asInt());
        assertEquals("initial", initial.get("trigger").asText());
        assertTrue(initial.get("error").isNull(), initial.toString());
        Instant attemptedAt = Instant.parse(initial.get("attemptedAt").asText());
        assertTrue(!attemptedAt.isBefore(loggedIn) && !attemptedAt.isAfter(Instant.parse(first.get("deliveredAt").asText())),
                "the attempt started after the login and before the delivery was recorded: " + first);
        String id = first.get("id").asText();

        receiver.clear();
        receiver.respond(202, "");
        assertEquals(202, http.hooks("POST", realm.getName(), "webhooks/twice/deliveries/" + id + "/redeliver", token,
                null).status());
        assertEquals(id, receiver.await(r -> true, WAIT).header("webhook-id"));
        JsonNode again = awaitDelivery("twice", m -> m.get("attemptCount").asInt() == 2
                && m.get("status").asText().equals("delivered"));
        JsonNode log = again.get("attempts");
        assertEquals(2, log.size(), "both successful attempts are kept: " + again);
        assertEquals(202, log.get(0).get("status").asInt(), "newest first: " + log);
        assertEquals("redeliver", log.get(0).get("trigger").asText());
        assertEquals(204, log.get(1).get("status").asInt());
        assertEquals("initial", log.get(1).get("trigger").asText());
        assertEquals(initial.get("attemptedAt").asText(), log.get(1).get("attemptedAt").asText());
    }

    @Test
    void deliveriesShowOnKeycloaksMetricsEndpoint() throws Exception {
        receiver.answer(n -> HookReceiver.Answer.status(n == 1 ? 500 : 204));
        createWebhook("metered", "\"user.authenticated\"");
        http.userToken(realm.getName(), "alice", PASSWORD);
        awaitDelivery("metered", m -> m.get("status").asText().equals("delivered"));

        java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(urls.getMetric())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        String body = metrics.body();
        assertTrue(body.contains("keycloak_hooks_webhook_deliveries_total{result=\"success\"}"), body);
        assertTrue(body.contains("keycloak_hooks_webhook_deliveries_total{result=\"failure\"}"), body);
        assertTrue(body.contains("keycloak_hooks_webhook_delivery_latency_seconds_count"), body);
        assertTrue(body.contains("keycloak_hooks_webhook_backlog"), body);
    }

    @Test
    void deliveryApiRefusesBadInput() {
        createWebhook("api", "\"user.authenticated\"");
        assertEquals(404, http.getHooks(realm.getName(), "webhooks/nope/deliveries", token).status());
        assertEquals(404, http.getHooks(realm.getName(), "prehooks/api/deliveries", token).status());
        AdminHttp.Response badStatus = http.getHooks(realm.getName(), "webhooks/api/deliveries?status=lost", token);
        assertEquals(400, badStatus.status());
        assertTrue(badStatus.body().contains("status"), badStatus.body());
        assertEquals(400, http.getHooks(realm.getName(), "webhooks/api/deliveries?max=0", token).status());
        AdminHttp.Response noSince = http.hooks("POST", realm.getName(), "webhooks/api/redeliver-failed", token, null);
        assertEquals(400, noSince.status());
        assertTrue(noSince.body().contains("since"), noSince.body());
        assertEquals(404, http.hooks("POST", realm.getName(), "webhooks/api/deliveries/unknown/redeliver", token, null)
                .status());
        String viewer = http.userToken(realm.getName(), "viewer", PASSWORD);
        assertEquals(403, http.getHooks(realm.getName(), "webhooks/api/deliveries", viewer).status(),
                "view-realm alone does not show the delivery log (view-events does)");
        assertEquals(403, http.getHooks(realm.getName(), "webhooks/no-such-webhook/deliveries", viewer).status(),
                "nor whether a webhook id exists");
        assertEquals(403, http.hooks("POST", realm.getName(), "webhooks/no-such-webhook/redeliver-failed?since="
                + Instant.now(), viewer, null).status());
    }

    private void createWebhook(String id, String events) {
        AdminHttp.Response created = http.hooks("POST", realm.getName(), "webhooks", token, """
                {"id": "%s", "url": "%s", "events": [%s], "secret": "%s"}
                """.formatted(id, receiver.url(), events, SECRET));
        assertEquals(201, created.status(), created.body());
    }

    private HookReceiver.Received awaitType(String type) {
        return receiver.await(r -> type.equals(envelope(r).get("type").asText()), WAIT);
    }

    private List<HookReceiver.Received> awaitCount(int count) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline) && receiver.received().size() < count) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
        List<HookReceiver.Received> received = receiver.received();
        assertTrue(received.size() >= count, "expected " + count + " requests, got " + received);
        return received;
    }

    private JsonNode awaitDelivery(String webhook, Predicate<JsonNode> match) {
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode log = null;
        while (Instant.now().isBefore(deadline)) {
            log = deliveries(webhook, "");
            for (JsonNode message : log) {
                if (match.test(message)) {
                    return message;
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
        throw new AssertionError("no matching message in the delivery log within " + WAIT + ": " + log);
    }

    private JsonNode deliveries(String webhook, String query) {
        AdminHttp.Response response = http.getHooks(realm.getName(), "webhooks/" + webhook + "/deliveries" + query, token);
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    private static JsonNode envelope(HookReceiver.Received request) {
        try {
            return JSON.readTree(request.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private String issuer() {
        return urls.getBase() + "/realms/" + realm.getName();
    }

    public static class DeliveryRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.users(
                    UserBuilder.create("alice").email("alice@delivery.test").name("Alice", "Liddell").password(PASSWORD),
                    UserBuilder.create("viewer").email("viewer@delivery.test").name("View", "Er").password(PASSWORD)
                            .clientRoles("realm-management", "view-realm"));
        }
    }
}
