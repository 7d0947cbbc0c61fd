package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
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
        keycloak.stop();
        receiver.stop(0);
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
        keycloak.start();

        awaitUntil(() -> delivered().size() == USERS, Duration.ofSeconds(120), "every message after the restart");
        synchronized (idsByUser) {
            idsByUser.forEach((user, ids) -> assertEquals(1, ids.size(), user + " arrived with different ids: " + ids));
        }
        assertTrue(inFlight >= WORKERS, "some messages were in flight when Keycloak died");
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

    private static void awaitUntil(java.util.function.BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
