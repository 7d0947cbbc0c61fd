package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
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
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.realm.UserBuilder;
import org.keycloak.testframework.server.KeycloakUrls;

/**
 * Prehooks at run time, through direct-grant logins of a real Keycloak: the execution log and its API, the meters,
 * several prehooks on one trigger, and hooks that never answer under concurrent logins. The realms hash passwords
 * with one PBKDF2 iteration so that the time measured is the hooks', not the password hashing's.
 */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class PrehookExecutionIT {

    static final String PASSWORD = "Carol-pass-1";
    static final String SECRET = "an-execution-log-secret-of-more-than-32-chars";
    static final String FLOW = "direct grant with hooks";
    static final int CONCURRENT_LOGINS = 20;

    @InjectRealm(config = GatedRealm.class)
    ManagedRealm realm;

    @InjectRealm(ref = "unhooked", config = UnhookedRealm.class)
    ManagedRealm unhooked;

    @InjectAdminClient
    Keycloak masterAdmin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    /** Our own receiver server: its handlers run on a thread pool, so slow answers do not queue behind each other. */
    HttpServer server;
    ExecutorService serverThreads;
    AdminHttp http;
    String token;
    final List<String> prehooks = new ArrayList<>();
    final List<AutoCloseable> closeAfter = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        serverThreads = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(serverThreads);
        server.start();
        http = new AdminHttp(urls.getBase());
        token = masterAdmin.tokenManager().getAccessTokenString();
        if (Flows.copyWithStep(realm.admin().flows(), "direct grant", FLOW, FLOW, "hooks-pre-sign-in", null)) {
            RealmRepresentation rep = realm.admin().toRepresentation();
            rep.setDirectGrantFlow(FLOW);
            rep.setPasswordPolicy(CheapPasswords.POLICY);
            realm.admin().update(rep);
            CheapPasswords.rehash(realm, PASSWORD);
            RealmRepresentation other = unhooked.admin().toRepresentation();
            other.setPasswordPolicy(CheapPasswords.POLICY);
            unhooked.admin().update(other);
            CheapPasswords.rehash(unhooked, PASSWORD);
        }
    }


    @AfterEach
    void tearDown() throws Exception {
        token = masterAdmin.tokenManager().getAccessTokenString();
        for (String id : prehooks) {
            http.hooks("DELETE", realm.getName(), "prehooks/" + id, token, null);
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void everyCallIsInTheExecutionLogNewestFirst() {
        HookReceiver receiver = receiver("/log");
        createPrehook("logged", receiver.url(), "closed", 0, 2_000);
        receiver.answer(n -> n == 1 ? new HookReceiver.Answer(200, "{\"allow\": false, \"reason\": \"Seat limit reached\"}",
                java.util.Map.of()) : HookReceiver.Answer.status(500));

        assertEquals(403, login(realm).status());
        assertEquals(403, login(realm).status());

        List<JsonNode> log = awaitExecutions("logged", 2);
        JsonNode failure = log.get(0);
        JsonNode denial = log.get(1);
        assertTrue(failure.get("time").asText().compareTo(denial.get("time").asText()) >= 0, log.toString());
        assertEquals("logged", denial.get("hookId").asText());
        assertEquals("pre_sign_in", denial.get("trigger").asText());
        assertEquals("carol", denial.get("username").asText());
        assertEquals("carol@acme.test", denial.get("email").asText());
        assertFalse(denial.get("userId").asText().isEmpty());
        assertEquals("deny", denial.get("decision").asText());
        assertFalse(denial.get("proceeded").asBoolean());
        assertEquals(200, denial.get("status").asInt());
        assertEquals("Seat limit reached", denial.get("message").asText());
        assertTrue(denial.get("latencyMs").asLong() >= 0);
        assertTrue(denial.get("failure").isNull());

        assertEquals("failure", failure.get("decision").asText());
        assertEquals(500, failure.get("status").asInt());
        assertTrue(failure.get("failure").asText().contains("500"), failure.toString());

        JsonNode paged = http.getHooks(realm.getName(), "prehooks/logged/executions?first=1&max=1", token).json();
        assertEquals(1, paged.size());
        assertEquals(denial.get("id").asText(), paged.get(0).get("id").asText());
    }

    @Test
    void theExecutionLogApiRefusesBadInputAndOtherRoles() {
        createPrehook("guarded", receiver("/guarded").url(), "open", 0, 2_000);
        assertEquals(404, http.getHooks(realm.getName(), "prehooks/nope/executions", token).status());
        assertEquals(404, http.getHooks(realm.getName(), "webhooks/guarded/executions", token).status());
        AdminHttp.Response badMax = http.getHooks(realm.getName(), "prehooks/guarded/executions?max=501", token);
        assertEquals(400, badMax.status());
        assertTrue(badMax.body().contains("max"), badMax.body());
        assertEquals(400, http.getHooks(realm.getName(), "prehooks/guarded/executions?first=-1", token).status());
        assertEquals(401, http.getHooks(realm.getName(), "prehooks/guarded/executions", null).status());
        String carol = http.userToken(realm.getName(), "carol", PASSWORD);
        assertEquals(403, http.getHooks(realm.getName(), "prehooks/guarded/executions", carol).status());
    }

    @Test
    void callsAppearOnKeycloaksMetricsEndpoint() throws Exception {
        HookReceiver receiver = receiver("/metered");
        createPrehook("metered", receiver.url(), "open", 0, 2_000);
        receiver.respond(200, "{\"allow\": false}");
        assertEquals(403, login(realm).status());

        String body = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create(urls.getMetric())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(body.contains("keycloak_hooks_prehook_calls_total{decision=\"deny\",trigger=\"pre_sign_in\"}"), body);
        assertTrue(body.contains("keycloak_hooks_prehook_latency_seconds_count{trigger=\"pre_sign_in\"}"), body);
        assertTrue(body.contains("keycloak_hooks_prehook_executions_dropped_total"), body);
    }

    @Test
    void severalPrehooksCostTheSlowestAndTheLowestOrderDenialIsShown() {
        HookReceiver fast = receiver("/fast");
        HookReceiver middle = receiver("/middle");
        HookReceiver slow = receiver("/slow");
        fast.delay(Duration.ofMillis(300));
        middle.delay(Duration.ofMillis(600));
        slow.delay(Duration.ofMillis(900));
        createPrehook("fast", fast.url(), "closed", 30, 3_000);
        createPrehook("middle", middle.url(), "closed", 20, 3_000);
        createPrehook("slow", slow.url(), "closed", 10, 3_000);
        fast.respond(204, "");
        middle.respond(200, "{\"allow\": false, \"message\": \"Denied by the middle hook\"}");
        slow.respond(200, "{\"allow\": false, \"message\": \"Denied by the slow hook\"}");
        login(realm); // warm-up: connections and the realm's hook configuration

        long start = System.nanoTime();
        AdminHttp.Response denied = login(realm);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(403, denied.status());
        assertEquals("Denied by the slow hook", denied.json().get("error_description").asText(), "order 10 wins");
        assertTrue(millis >= 900, "waited for the slowest hook: " + millis + " ms");
        assertTrue(millis < 1_500, "the hooks ran concurrently (sum would be 1800 ms): " + millis + " ms");

        slow.respond(204, "");
        assertEquals("Denied by the middle hook", login(realm).json().get("error_description").asText());
    }

    @Test
    void hooksThatNeverAnswerBoundTwentyConcurrentLoginsAndLeaveOtherRealmsAlone() throws Exception {
        SilentReceiver silent = new SilentReceiver();
        closeAfter.add(silent);
        int timeoutMs = 1_000;
        // warm-up without the hook: lets the JIT compile the login path, so that what is measured below is the
        // hook's doing
        for (int round = 0; round < 5; round++) {
            twentyLogins().assertAll(200, 30_000, () -> "");
            login(unhooked);
        }
        createPrehook("silent", silent.url(), "open", 0, timeoutMs);

        long bound = timeoutMs + 1_000;
        ConcurrentLogins open = twentyLogins();
        // while the twenty wait on the hook (not during their common start, which is plain CPU work)
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
        List<Long> otherRealm = loginsElsewhereWhile(open);
        open.assertAll(200, bound, () -> "hook call latencies: " + executions("silent").stream()
                .map(e -> e.get("latencyMs").asText()).toList() + ", other realm: " + otherRealm);
        assertTrue(otherRealm.stream().allMatch(ms -> ms < timeoutMs), "other realm's logins meanwhile: " + otherRealm);

        token = masterAdmin.tokenManager().getAccessTokenString();
        AdminHttp.Response closed = http.hooks("PUT", realm.getName(), "prehooks/silent", token, prehookJson("silent",
                silent.url(), "closed", 0, timeoutMs));
        assertEquals(200, closed.status(), closed.body());
        ConcurrentLogins denied = twentyLogins();
        denied.assertAll(403, bound, () -> "");
        assertTrue(silent.accepted() >= 2 * CONCURRENT_LOGINS,
                "every call reached the silent receiver: " + silent.accepted());
    }

    /** Logins in the realm without hooks, one every 100 ms, for as long as {@code busy} runs; their durations. */
    private List<Long> loginsElsewhereWhile(ConcurrentLogins busy) {
        List<Long> durations = new ArrayList<>();
        do {
            long start = System.nanoTime();
            assertEquals(200, login(unhooked).status());
            long millis = (System.nanoTime() - start) / 1_000_000;
            durations.add(millis);
            java.util.concurrent.locks.LockSupport.parkNanos(Math.max(0, 100 - millis) * 1_000_000);
        } while (!busy.done());
        return durations;
    }

    private ConcurrentLogins twentyLogins() {
        List<CompletableFuture<long[]>> logins = new ArrayList<>();
        for (int i = 1; i <= CONCURRENT_LOGINS; i++) {
            String user = "user" + i;
            logins.add(CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                int status = login(realm, user).status();
                return new long[] {status, (System.nanoTime() - start) / 1_000_000};
            }, serverThreads));
        }
        return new ConcurrentLogins(logins);
    }

    record ConcurrentLogins(List<CompletableFuture<long[]>> logins) {
        boolean done() {
            return logins.stream().allMatch(CompletableFuture::isDone);
        }

        void assertAll(int status, long withinMillis, java.util.function.Supplier<String> diagnosis) {
            List<long[]> results = logins.stream().map(CompletableFuture::join).toList();
            String summary = results.stream().map(r -> r[0] + " in " + r[1] + " ms").toList().toString()
                    + (results.stream().allMatch(r -> r[1] <= withinMillis) ? "" : "; " + diagnosis.get());
            for (long[] r : results) {
                assertEquals(status, r[0], summary);
                assertTrue(r[1] <= withinMillis, "a login took more than " + withinMillis + " ms: " + summary);
            }
        }
    }

    private AdminHttp.Response login(ManagedRealm target) {
        return login(target, "carol");
    }

    private AdminHttp.Response login(ManagedRealm target, String username) {
        return http.tokenResponse(target.getName(), username, PASSWORD);
    }

    private HookReceiver receiver(String path) {
        return new HookReceiver(server, path);
    }

    private List<JsonNode> executions(String id) {
        List<JsonNode> list = new ArrayList<>();
        http.getHooks(realm.getName(), "prehooks/" + id + "/executions?max=500", token).json().forEach(list::add);
        return list;
    }

    private List<JsonNode> awaitExecutions(String id, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode log;
        do {
            log = http.getHooks(realm.getName(), "prehooks/" + id + "/executions", token).json();
            if (log.size() >= count) {
                List<JsonNode> list = new ArrayList<>();
                log.forEach(list::add);
                return list;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("execution log of " + id + " has not " + count + " entries: " + log);
    }

    private void createPrehook(String id, String url, String failMode, int order, int timeoutMs) {
        AdminHttp.Response created = http.hooks("POST", realm.getName(), "prehooks", token,
                prehookJson(id, url, failMode, order, timeoutMs));
        assertEquals(201, created.status(), created.body());
        prehooks.add(id);
    }

    private static String prehookJson(String id, String url, String failMode, int order, int timeoutMs) {
        return """
                {"id": "%s", "trigger": "pre_sign_in", "url": "%s", "secret": "%s", "failMode": "%s", "order": %d,
                 "timeoutMs": %d}
                """.formatted(id, url, SECRET, failMode, order, timeoutMs);
    }

    /** Accepts connections and never answers: a hung hook endpoint. */
    static final class SilentReceiver implements AutoCloseable {
        private final java.net.ServerSocket socket;
        private final List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread acceptor;

        SilentReceiver() {
            try {
                socket = new java.net.ServerSocket(0, 200, java.net.InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            acceptor = Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        held.add(socket.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/hook";
        }

        int accepted() {
            return held.size();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (java.net.Socket s : held) {
                s.close();
            }
            acceptor.interrupt();
        }
    }

    public static class GatedRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            UserBuilder[] users = new UserBuilder[CONCURRENT_LOGINS + 1];
            users[0] = UserBuilder.create("carol").email("carol@acme.test").name("Carol", "Example").password(PASSWORD);
            for (int i = 1; i <= CONCURRENT_LOGINS; i++) {
                users[i] = UserBuilder.create("user" + i).email("user" + i + "@acme.test").name("User", "No" + i)
                        .password(PASSWORD);
            }
            return realm.users(users);
        }
    }

    public static class UnhookedRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.users(UserBuilder.create("carol").email("carol@other.test").name("Carol", "Other")
                    .password(PASSWORD));
        }
    }
}
