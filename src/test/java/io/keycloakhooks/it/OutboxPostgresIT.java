package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

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
import org.keycloak.testframework.server.KeycloakUrls;

/**
 * The outbox on PostgreSQL, with {@link PostgresServerConfig#DISPATCHERS} dispatchers claiming concurrently:
 * a rolled-back change sends nothing, competing claims never send a retry twice, and a receiver that is down
 * for longer than a retry step gets everything once it is back.
 */
@KeycloakIntegrationTest(config = PostgresServerConfig.class)
class OutboxPostgresIT {

    static final String SECRET = "whsec_QWic4rvfEuLnP3dK38rYH0tmRZggmyGuN4Kb+ZsFZS0=";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    @InjectRealm
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
    /** A fresh webhook per test, so retries left over from an earlier test never reach this one's receiver. */
    String webhook;

    @BeforeEach
    void setUp() {
        receiver = new HookReceiver(httpServer, "/outbox-postgres-it");
        http = new AdminHttp(urls.getBase());
        token = masterAdmin.tokenManager().getAccessTokenString();
        webhook = "users-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        AdminHttp.Response created = http.hooks("POST", realm.getName(), "webhooks", token, """
                {"id": "%s", "url": "%s", "events": ["user.created"], "secret": "%s"}
                """.formatted(webhook, receiver.url(), SECRET));
        assertEquals(201, created.status(), created.body());
    }

    @AfterEach
    void tearDown() {
        http.hooks("DELETE", realm.getName(), "webhooks/" + webhook, token, null);
        receiver.stop();
        PostgresServerConfig.execute("drop trigger if exists hooks_test_fail_commit on user_entity");
    }

    /** The user insert succeeds; the database refuses the COMMIT (a deferred trigger), so the whole change rolls back. */
    @Test
    void aRolledBackChangeSendsNothing() throws Exception {
        PostgresServerConfig.execute("""
                create or replace function hooks_test_fail_commit() returns trigger as $$
                begin
                  if new.username = 'rolled-back' then raise exception 'test: this commit fails'; end if;
                  return new;
                end $$ language plpgsql;
                create constraint trigger hooks_test_fail_commit after insert on user_entity
                  deferrable initially deferred for each row execute function hooks_test_fail_commit();
                """);
        try (Response failed = realm.admin().users().create(user("rolled-back"))) {
            assertTrue(failed.getStatus() >= 400, "the commit failed: " + failed.getStatus());
        }
        try (Response created = realm.admin().users().create(user("committed"))) {
            assertEquals(201, created.getStatus());
        }
        receiver.await(r -> "committed".equals(username(r)), WAIT);
        assertEquals(List.of("committed"), receiver.received().stream().map(OutboxPostgresIT::username).toList(),
                "the admin event of the rolled-back user was written to the outbox in the failed transaction");
        JsonNode log = http.getHooks(realm.getName(), "webhooks/" + webhook + "/deliveries", token).json();
        for (JsonNode message : log) {
            assertTrue(!"rolled-back".equals(message.at("/payload/data/user/username").asText()), log.toString());
        }
    }

    /**
     * A new message goes to the dispatcher of the node that wrote it, without a claim; its retries are claimed. So
     * the receiver fails every first attempt, and the three dispatchers race to claim the 120 retries.
     */
    @Test
    void competingDispatchersClaimEveryRetryExactlyOnce() throws Exception {
        receiver.answer(n -> {
            LockSupport.parkNanos(5_000_000L); // a receiver that takes a moment widens the race between claims
            List<HookReceiver.Received> all = receiver.received();
            String id = all.get(n - 1).header("webhook-id");
            boolean first = all.stream().limit(n - 1).noneMatch(r -> id.equals(r.header("webhook-id")));
            return HookReceiver.Answer.status(first ? 503 : 204);
        });
        int users = 120;
        for (int i = 0; i < users; i++) {
            try (Response created = realm.admin().users().create(user("race-" + i))) {
                assertEquals(201, created.getStatus());
            }
        }
        awaitReceived(2 * users);
        Map<String, Long> perId = receiver.received().stream()
                .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
        assertEquals(users, perId.size(), "every message arrived");
        assertEquals(List.of(), perId.entrySet().stream().filter(e -> e.getValue() != 2).toList(),
                "each message arrived twice, the failed first attempt and one retry: no retry was claimed twice");
        ReceiverSignatures.verifyAll(receiver.received().get(0), SECRET, urls.getBase() + "/realms/" + realm.getName());
    }

    @Test
    void aReceiverDownLongerThanARetryStepGetsEverythingAfterwards() throws Exception {
        Instant backAt = Instant.now().plusMillis(2_500);
        receiver.answer(n -> HookReceiver.Answer.status(Instant.now().isBefore(backAt) ? 503 : 204));
        int users = 20;
        for (int i = 0; i < users; i++) {
            try (Response created = realm.admin().users().create(user("outage-" + i))) {
                assertEquals(201, created.getStatus());
            }
        }
        Instant deadline = Instant.now().plus(WAIT);
        Map<String, Integer> delivered = new HashMap<>();
        while (Instant.now().isBefore(deadline) && delivered.size() < users) {
            delivered.clear();
            for (JsonNode message : http.getHooks(realm.getName(), "webhooks/" + webhook + "/deliveries?status=delivered&max=500",
                    token).json()) {
                if (message.at("/payload/data/user/username").asText().startsWith("outage-")) {
                    delivered.put(message.get("id").asText(), message.get("attemptCount").asInt());
                }
            }
            LockSupport.parkNanos(200_000_000L);
        }
        assertEquals(users, delivered.size(), "every message delivered after the outage: " + delivered);
        assertTrue(delivered.values().stream().anyMatch(attempts -> attempts > 1), "some needed retries: " + delivered);
        assertTrue(receiver.received().stream().anyMatch(r -> r.at().isBefore(backAt)), "the outage was seen");
    }

    /**
     * docs/webhooks.md#delivery: a webhook whose every attempt has failed for 5 days is disabled. The five days are a message
     * row written straight into the outbox, failing since six days ago; the next failed attempt finds it.
     */
    @Test
    void aWebhookFailingForFiveDaysIsDisabledWithTheReason() throws Exception {
        receiver.respond(500, "still down");
        long sixDaysAgo = System.currentTimeMillis() - java.time.Duration.ofDays(6).toMillis();
        PostgresServerConfig.execute("""
                insert into hooks_message (id, realm_id, webhook_id, event_type, issuer, payload, status, created_at,
                  next_attempt_at, attempts, retry_step, first_failure_at, last_error)
                values ('%s', '%s', '%s', 'user.created', 'x', '{}', 'failed', %d, %d, 8, 7, %d, 'receiver answered HTTP 500')
                """.formatted(java.util.UUID.randomUUID(), realm.getId(), webhook, sixDaysAgo, sixDaysAgo, sixDaysAgo));
        try (Response created = realm.admin().users().create(user("five-days"))) {
            assertEquals(201, created.getStatus());
        }
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode config = null;
        while (Instant.now().isBefore(deadline)) {
            config = http.getHooks(realm.getName(), "webhooks/" + webhook, token).json();
            if (!config.get("enabled").asBoolean()) {
                break;
            }
            LockSupport.parkNanos(200_000_000L);
        }
        assertEquals(false, config.get("enabled").asBoolean(), config.toString());
        String attribute = realm.admin().toRepresentation().getAttributes().get("hooks.webhook." + webhook);
        assertTrue(attribute.contains("every delivery attempt failed since"), attribute);
    }

    private void awaitReceived(int count) {
        Polls.until(() -> receiver.received().size() >= count, WAIT);
        List<HookReceiver.Received> received = new ArrayList<>(receiver.received());
        assertTrue(received.size() >= count, "expected " + count + " requests, got " + received.size());
        LockSupport.parkNanos(1_500_000_000L); // longer than the poll interval: a duplicate would show up by now
    }

    private static UserRepresentation user(String username) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(username + "@postgres.test");
        user.setEnabled(true);
        return user;
    }

    private static String username(HookReceiver.Received request) {
        try {
            return JSON.readTree(request.body()).at("/data/user/username").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
