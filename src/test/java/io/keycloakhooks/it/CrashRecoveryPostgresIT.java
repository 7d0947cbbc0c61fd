package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keycloak killed with SIGKILL while webhook messages are pending and in flight (its own process on PostgreSQL,
 * not the test framework's server, so it can be killed and started again): after the restart every message is
 * delivered, and a message that arrives twice carries the same id both times. It uses ports 8081 and 9081.
 */
class CrashRecoveryPostgresIT {

    static final String SECRET = "whsec_QWic4rvfEuLnP3dK38rYH0tmRZggmyGuN4Kb+ZsFZS0=";
    /** A database of its own, so this test can run beside the test framework's PostgreSQL server. */
    static final String CRASH_DB = System.getProperty("hooks.pg.crash.url");
    static final int USERS = 30;
    static final int WORKERS = 4;
    static final ObjectMapper JSON = new ObjectMapper();

    HttpServer receiver;
    StandaloneKeycloak keycloak;
    final CountDownLatch crashed = new CountDownLatch(1);
    volatile boolean hang = true;
    final Map<String, Set<String>> idsByUser = new TreeMap<>();
    final Set<String> delivered = new TreeSet<>();
    volatile int inFlight;

    @BeforeEach
    void setUp() throws IOException {
        // The compatibility executions list this test too; -Dhooks.pg.skip=true turns PostgreSQL off there.
        org.junit.jupiter.api.Assumptions.assumeFalse(Boolean.getBoolean("hooks.pg.skip"), "PostgreSQL is off");
        PostgresServerConfig.execute(CRASH_DB, "drop schema if exists public cascade; create schema public");
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/crash", this::handle);
        receiver.start();
        keycloak = new StandaloneKeycloak(8081, List.of("--db=postgres",
                "--db-url=" + CRASH_DB,
                "--db-username=" + System.getProperty("kc.test.database.user"),
                "--db-password=" + System.getProperty("kc.test.database.password"),
                "--spi-hooks--default--retry-schedule=1s,1s,1s,1s,1s,1s",
                "--spi-hooks--default--lease-seconds=35",
                "--spi-hooks--default--dispatcher-threads=" + WORKERS));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        crashed.countDown();
        if (keycloak != null) {
            keycloak.stop();
            receiver.stop(0);
        }
    }

    @Test
    void pendingAndInFlightMessagesAreDeliveredAfterSigkill() throws Exception {
        keycloak.start();
        AdminHttp http = new AdminHttp(keycloak.baseUrl());
        String token = http.userToken("master", "admin", "admin");
        assertEquals(201, http.admin("POST", "/admin/realms", token, "{\"realm\": \"crash\", \"enabled\": true}").status());
        assertEquals(201, http.hooks("POST", "crash", "webhooks", token, """
                {"id": "crash", "url": "http://127.0.0.1:%d/crash", "events": ["user.created"], "secret": "%s"}
                """.formatted(receiver.getAddress().getPort(), SECRET)).status());
        for (int i = 0; i < USERS; i++) {
            AdminHttp.Response created = http.admin("POST", "/admin/realms/crash/users", token,
                    "{\"username\": \"user-%d\", \"enabled\": true}".formatted(i));
            assertEquals(201, created.status(), created.body());
        }
        awaitUntil(() -> inFlight >= WORKERS, Duration.ofSeconds(30), "requests in flight before the crash");

        keycloak.kill();
        hang = false;
        crashed.countDown();
        String expired = seedMessageOlderThanRetention();
        keycloak.start();

        awaitUntil(() -> delivered().size() == USERS, Duration.ofSeconds(120), "every message after the restart");
        synchronized (idsByUser) {
            idsByUser.forEach((user, ids) -> assertEquals(1, ids.size(), user + " arrived with different ids: " + ids));
        }
        assertTrue(inFlight >= WORKERS, "some messages were in flight when Keycloak died");
        awaitUntil(() -> count("select count(*) from hooks_message where id = '" + expired + "'") == 0,
                Duration.ofSeconds(30), "the retention job to delete a delivered message older than 7 days");
        assertEquals(0, count("select count(*) from hooks_attempt where message_id = '" + expired + "'"));
    }

    /** A delivered message with an attempt, created 8 days ago: the retention job (run at start) deletes both. */
    private static String seedMessageOlderThanRetention() {
        String id = java.util.UUID.randomUUID().toString();
        long eightDaysAgo = System.currentTimeMillis() - Duration.ofDays(8).toMillis();
        PostgresServerConfig.execute(CRASH_DB, """
                insert into hooks_message (id, realm_id, webhook_id, event_type, issuer, payload, status, created_at,
                  next_attempt_at, attempts, retry_step, delivered_at)
                values ('%1$s', 'r', 'w', 'user.created', 'x', '{}', 'delivered', %2$d, %2$d, 1, 0, %2$d);
                insert into hooks_attempt (id, message_id, attempted_at, trigger_kind, status_code, latency_ms)
                values ('%3$s', '%1$s', %2$d, 'initial', 204, 3);
                """.formatted(id, eightDaysAgo, java.util.UUID.randomUUID()));
        return id;
    }

    private static long count(String sql) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(CRASH_DB,
                System.getProperty("kc.test.database.user"), System.getProperty("kc.test.database.password"));
                java.sql.ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String user = JSON.readTree(body).at("/data/user/username").asText();
            synchronized (idsByUser) {
                idsByUser.computeIfAbsent(user, u -> new TreeSet<>()).add(exchange.getRequestHeaders().getFirst("webhook-id"));
            }
            if (hang) {
                synchronized (this) {
                    inFlight++;
                }
                crashed.await(60, TimeUnit.SECONDS); // answered only after Keycloak is dead: the attempt never completes
                return;
            }
            exchange.sendResponseHeaders(204, -1);
            synchronized (delivered) {
                delivered.add(user);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Set<String> delivered() {
        synchronized (delivered) {
            return Set.copyOf(delivered);
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        Polls.until(condition, timeout);
        if (!condition.getAsBoolean()) {
            throw new AssertionError("timed out waiting for " + what);
        }
    }
}
