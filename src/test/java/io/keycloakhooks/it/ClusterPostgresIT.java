package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import receiver.DemoReceiver;

/**
 * Two production-mode Keycloak nodes, each on a home of its own (one built home and a copy of it), forming one
 * cluster on one PostgreSQL database (docs/operations.md#clusters): node A on 8082/9082 (JGroups 7800), node B
 * on 8083/9083 (JGroups 7801). Configuration written through A is in force on B within 2 s; a secret rotated on
 * A signs B's next call; both nodes dispatching under load never send a message twice within a lease; A killed
 * with SIGKILL while messages are pending and in flight: B delivers every one, re-sending A's only after the
 * lease; a restart of each node in turn under load loses nothing. The methods run in order on the same two nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPostgresIT {

    static final String DB = System.getProperty("hooks.pg.cluster.url");
    static final String REALM = "cluster";
    static final String PASSWORD = "Alice-pass-1";
    static final String SECRET_1 = "whsec_p+EQCPlc7wHuEkL2dbq5R4avV+2xWUjamlOChx9lJaQ=";
    static final String SECRET_2 = "whsec_r79DMgqGxOJC+FluxQln0GmSV2Dqb0wL/qH9dvRzejU=";
    static final List<String> SECRETS = List.of(SECRET_1, SECRET_2);
    static final int LEASE_SECONDS = 35;
    static final int WORKERS = 4;
    static final Duration IN_FORCE = Duration.ofSeconds(2);
    static final Pattern TWO_MEMBER_VIEW = Pattern.compile("cluster view for channel ISPN: .*\\(2\\)");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpServer server;
    StandaloneKeycloak nodeA;
    StandaloneKeycloak nodeB;
    final Map<StandaloneKeycloak, String> tokens = new ConcurrentHashMap<>();
    final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> prehookCalls = new ConcurrentHashMap<>();
    volatile String rotationSecret = SECRET_1;
    volatile boolean hang;
    final CountDownLatch released = new CountDownLatch(1);
    final AtomicInteger hanging = new AtomicInteger();

    /** One webhook request as the receiver saw it; {@code answeredNanos} is set once the receiver has answered. */
    static final class Arrival {
        final String path;
        final String id;
        final String type;
        final String username;
        final String signedWith;
        final long arrivedNanos = System.nanoTime();
        volatile long answeredNanos;
        /** Held until the receiver let go, then dropped without an answer. */
        volatile boolean hungUp;

        Arrival(String path, String id, String type, String username, String signedWith) {
            this.path = path;
            this.id = id;
            this.type = type;
            this.username = username;
            this.signedWith = signedWith;
        }
    }

    @BeforeAll
    void startCluster() throws Exception {
        PostgresServerConfig.execute(DB, "drop schema if exists public cascade; create schema public");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/prehook/", this::prehook);
        server.createContext("/claims/", this::claims);
        server.createContext("/webhook/", this::webhook);
        server.start();

        java.nio.file.Path homeA = StandaloneKeycloak.builtHome("cluster-a",
                List.of("--db=postgres", "--features=declarative-ui", "--metrics-enabled=true"));
        java.nio.file.Path homeB = StandaloneKeycloak.copyOfHome(homeA, "cluster-b");
        List<String> options = List.of("--db-url=" + DB,
                "--db-username=" + System.getProperty("kc.test.database.user"),
                "--db-password=" + System.getProperty("kc.test.database.password"),
                "--spi-hooks--default--retry-schedule=1s,1s,1s,1s,1s,1s",
                "--spi-hooks--default--lease-seconds=" + LEASE_SECONDS,
                "--spi-hooks--default--poll-interval-ms=250",
                "--spi-hooks--default--dispatcher-threads=" + WORKERS);
        Map<String, String> env = Map.of("KC_SPI_HOOKS__DEFAULT__ALLOWED_NETWORKS", "127.0.0.0/8");
        nodeA = StandaloneKeycloak.clusterNode(homeA, 8082, 9082, 7800, options, env);
        nodeB = StandaloneKeycloak.clusterNode(homeB, 8083, 9083, 7801, options, env);
        // One node at a time on the empty schema: two Keycloak nodes creating it at once race on Liquibase's
        // changelog table ("relation databasechangelog already exists") and one exits.
        startAlone(nodeA);
        start(nodeB);

        assertEquals(2, http(nodeA).admin("PUT", "/admin/realms/master", token(nodeA),
                "{\"accessTokenLifespan\": 3600}").status() / 100);
        tokens.clear(); // tokens issued from now on last an hour
        String token = token(nodeA);
        AdminHttp a1 = http(nodeA);
        assertEquals(201, a1.admin("POST", "/admin/realms", token, "{\"realm\": \"" + REALM + "\", \"enabled\": true}").status());
        createUser(nodeA, "alice");
        // The direct grant flow with the pre-sign-in step, and the JWT prehook mapper on admin-cli.
        String flows = "/admin/realms/" + REALM + "/authentication/flows/";
        assertEquals(201, a1.admin("POST", flows + "direct%20grant/copy", token, "{\"newName\": \"hooks grant\"}").status());
        assertEquals(201, a1.admin("POST", flows + "hooks%20grant/executions/execution", token,
                "{\"provider\": \"hooks-pre-sign-in\"}").status());
        for (JsonNode step : a1.admin("GET", flows + "hooks%20grant/executions", token, null).json()) {
            if ("hooks-pre-sign-in".equals(step.path("providerId").asText())) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) step).put("requirement", "REQUIRED");
                assertEquals(2, a1.admin("PUT", flows + "hooks%20grant/executions", token, step.toString()).status() / 100);
            }
        }
        assertEquals(2, a1.admin("PUT", "/admin/realms/" + REALM, token, "{\"directGrantFlow\": \"hooks grant\"}")
                .status() / 100);
        String adminCli = a1.admin("GET", "/admin/realms/" + REALM + "/clients?clientId=admin-cli", token, null).json()
                .get(0).get("id").asText();
        assertEquals(201, a1.admin("POST", "/admin/realms/" + REALM + "/clients/" + adminCli + "/protocol-mappers/models",
                token, """
                {"name": "custom claims", "protocol": "openid-connect", "protocolMapper": "hooks-jwt-claims",
                 "config": {"prehook": "claims", "access.token.claim": "true", "lightweight.claim": "true"}}
                """).status());
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        released.countDown();
        for (StandaloneKeycloak node : new StandaloneKeycloak[] {nodeA, nodeB}) {
            if (node != null) {
                node.stop();
            }
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    @Order(1)
    void aPrehookWrittenOnAIsInForceOnBWithinTwoSeconds() {
        AdminHttp b = http(nodeB);
        assertEquals(200, b.tokenResponse(REALM, "alice", PASSWORD).status(), "B grants before the prehook exists");

        write(nodeA, "POST", "prehooks", """
                {"id": "gate", "trigger": "pre_sign_in", "url": "%s", "failMode": "closed"}""".formatted(url("/prehook/deny")));
        inForceOnB("the prehook denies on B", () -> b.tokenResponse(REALM, "alice", PASSWORD).status() == 403);

        write(nodeA, "PUT", "prehooks/gate", """
                {"id": "gate", "trigger": "pre_sign_in", "url": "%s", "failMode": "closed"}""".formatted(url("/prehook/allow")));
        inForceOnB("the changed prehook allows on B", () -> b.tokenResponse(REALM, "alice", PASSWORD).status() == 200);
        assertTrue(calls("/prehook/allow") > 0);

        write(nodeA, "DELETE", "prehooks/gate", null);
        inForceOnB("B no longer calls the deleted prehook", () -> {
            int before = calls("/prehook/allow");
            return b.tokenResponse(REALM, "alice", PASSWORD).status() == 200 && calls("/prehook/allow") == before;
        });
    }

    @Test
    @Order(2)
    void aJwtPrehookWrittenOnAShapesBsTokensWithinTwoSeconds() {
        assertEquals("", plan(), "no claim before the prehook exists");
        write(nodeA, "POST", "prehooks", """
                {"id": "claims", "trigger": "jwt", "url": "%s"}""".formatted(url("/claims/gold")));
        inForceOnB("B's tokens carry the claim", () -> "gold".equals(plan()));

        write(nodeA, "PUT", "prehooks/claims", """
                {"id": "claims", "trigger": "jwt", "url": "%s"}""".formatted(url("/claims/platinum")));
        inForceOnB("B's tokens carry the changed claim", () -> "platinum".equals(plan()));

        write(nodeA, "DELETE", "prehooks/claims", null);
        inForceOnB("B's tokens lose the claim", () -> "".equals(plan()));
    }

    @Test
    @Order(3)
    void aWebhookWrittenOnAIsInForceOnBWithinTwoSecondsAndBDeliversIt() {
        write(nodeA, "POST", "webhooks", """
                {"id": "config", "url": "%s", "events": ["user.created"], "secret": "%s"}"""
                .formatted(url("/webhook/config"), SECRET_1));
        AtomicReference<String> probe = new AtomicReference<>();
        inForceOnB("B writes messages for the webhook", () -> {
            probe.set(createUser(nodeB, "probe-" + shortId()));
            return messages("config", "user.created", probe.get()) == 1;
        });
        Arrival delivered = await("B's message at the receiver", () -> arrivalsOf("/webhook/config").stream()
                .filter(a -> probe.get().equals(a.username)).findFirst().orElse(null), Duration.ofSeconds(15));
        assertEquals(SECRET_1, delivered.signedWith);

        write(nodeA, "PUT", "webhooks/config", """
                {"id": "config", "url": "%s", "events": ["user.created", "user.updated"], "secret": "**********"}"""
                .formatted(url("/webhook/config")));
        inForceOnB("B writes messages for the newly subscribed type", () -> {
            updateUser(nodeB, probe.get());
            return messages("config", "user.updated", probe.get()) > 0;
        });

        write(nodeA, "DELETE", "webhooks/config", null);
        inForceOnB("B writes no messages for the deleted webhook", () -> {
            String user = createUser(nodeB, "probe-" + shortId());
            return messages("config", "user.created", user) == 0;
        });
    }

    @Test
    @Order(4)
    void aSecretRotatedOnASignsBsNextCall() {
        write(nodeA, "POST", "webhooks", """
                {"id": "rotation", "url": "%s", "events": ["user.created"], "secret": "%s"}"""
                .formatted(url("/webhook/rotation"), SECRET_1));
        inForceOnB("B sends with the first secret", () -> testAction(nodeB, "rotation"));

        rotationSecret = SECRET_2;
        write(nodeA, "PUT", "webhooks/rotation", """
                {"id": "rotation", "url": "%s", "events": ["user.created"], "secret": "%s"}"""
                .formatted(url("/webhook/rotation"), SECRET_2));
        inForceOnB("B signs with the rotated secret", () -> testAction(nodeB, "rotation"));
        // From then on every call B makes is signed with the new secret: test actions and outbox deliveries alike.
        for (int i = 0; i < 3; i++) {
            assertTrue(testAction(nodeB, "rotation"), "B's later test action signed with the new secret");
        }
        String user = createUser(nodeB, "rotated-" + shortId());
        Arrival delivered = await("B's delivery after the rotation", () -> arrivalsOf("/webhook/rotation").stream()
                .filter(a -> user.equals(a.username)).findFirst().orElse(null), Duration.ofSeconds(15));
        assertEquals(SECRET_2, delivered.signedWith);
        write(nodeA, "DELETE", "webhooks/rotation", null);
    }

    /** Both nodes wire the flows at the same moment: one copy of each flow, and both see the realm complete. */
    @Test
    @Order(4)
    void twoNodesApplyingCoverageAtOnceMakeOneCopy() {
        write(nodeA, "POST", "prehooks", """
                {"id": "wired", "trigger": "pre_sign_in", "url": "%s", "failMode": "open"}""".formatted(url("/prehook/allow")));
        inForceOnB("B sees the prehook's gaps", () -> !coverage(nodeB).get("complete").asBoolean());
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<AdminHttp.Response>> applies = new ArrayList<>();
        for (StandaloneKeycloak node : List.of(nodeA, nodeB)) {
            String token = token(node);
            applies.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return http(node).hooks("POST", REALM, "coverage/apply?dryRun=false", token, null);
            }));
        }
        start.countDown();
        List<String> copies = new ArrayList<>();
        for (CompletableFuture<AdminHttp.Response> apply : applies) {
            AdminHttp.Response response = apply.join();
            assertEquals(200, response.status(), response.body());
            for (JsonNode change : response.json().get("changes")) {
                if ("copy".equals(change.get("action").asText())) {
                    copies.add(change.get("to").asText());
                }
            }
        }
        assertTrue(copies.contains("browser with hooks"), "the stock browser flow was copied: " + copies);
        assertEquals(copies.stream().distinct().count(), copies.size(), "each flow copied by one node only: " + copies);
        List<String> aliases = new ArrayList<>();
        http(nodeA).admin("GET", "/admin/realms/" + REALM + "/authentication/flows", token(nodeA), null).json()
                .forEach(flow -> aliases.add(flow.get("alias").asText()));
        for (String copy : copies) {
            assertEquals(1, aliases.stream().filter(copy::equals).count(), copy + " once among " + aliases);
        }
        assertTrue(aliases.stream().noneMatch(a -> a.matches(".* with hooks \\d+")), aliases.toString());
        inForceOnB("B reports the flows complete", () -> coverage(nodeB).get("complete").asBoolean());
        assertTrue(coverage(nodeA).get("complete").asBoolean());
        write(nodeA, "DELETE", "prehooks/wired", null);
    }

    private JsonNode coverage(StandaloneKeycloak node) {
        return http(node).hooks("GET", REALM, "coverage", token(node), null).json();
    }

    @Test
    @Order(5)
    void bothNodesDispatchingUnderLoadNeverSendAMessageTwiceWithinALease() throws Exception {
        write(nodeA, "POST", "webhooks", """
                {"id": "load", "url": "%s", "events": ["user.created"], "secret": "%s"}"""
                .formatted(url("/webhook/load"), SECRET_1));
        double successesA = successes(nodeA);
        double successesB = successes(nodeB);
        int perThread = 20;
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (StandaloneKeycloak node : List.of(nodeA, nodeA, nodeB, nodeB)) {
            String prefix = "load-" + shortId() + "-";
            writers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perThread; i++) {
                    createUser(node, prefix + i);
                }
            }, load));
        }
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).join();
        load.shutdown();
        int users = 4 * perThread;

        // The receiver fails every first attempt, so each retry is claimed by whichever node polls first.
        Polls.until(() -> idsArrived("/webhook/load", 2) == users, Duration.ofSeconds(60));
        Map<String, List<Arrival>> byId = byId(arrivalsOf("/webhook/load"));
        assertEquals(users, byId.size(), "one message per user");
        byId.forEach((id, sent) -> {
            assertEquals(2, sent.size(), id + ": the failed first attempt and one retry, nothing more");
            assertTrue(sent.get(1).arrivedNanos >= sent.get(0).answeredNanos,
                    id + ": the retry was sent only after the first attempt had its answer");
        });
        assertTrue(successes(nodeA) > successesA, "node A delivered some of the retries");
        assertTrue(successes(nodeB) > successesB, "node B delivered some of the retries");
        write(nodeA, "DELETE", "webhooks/load", null);
    }

    @Test
    @Order(6)
    void nodeAKilledWithMessagesPendingAndInFlightBDeliversEveryOne() throws Exception {
        write(nodeA, "POST", "webhooks", """
                {"id": "crash", "url": "%s", "events": ["user.created"], "secret": "%s"}"""
                .formatted(url("/webhook/crash"), SECRET_1));
        hang = true;
        int users = 30;
        String prefix = "crash-" + shortId() + "-";
        for (int i = 0; i < users; i++) {
            createUser(nodeA, prefix + i);
        }
        // Every worker of both nodes holds a request the receiver does not answer; the rest are pending.
        Polls.until(() -> hanging.get() >= 2 * WORKERS, Duration.ofSeconds(30));
        assertEquals(2 * WORKERS, hanging.get(), "requests in flight on both nodes");
        Set<String> inFlight = arrivalsOf("/webhook/crash").stream().map(a -> a.id).collect(Collectors.toSet());

        nodeA.kill();
        hang = false;
        released.countDown();

        Polls.until(() -> delivered("/webhook/crash").size() == users, Duration.ofSeconds(LEASE_SECONDS + 45));
        assertEquals(users, delivered("/webhook/crash").size(), "B delivered every message");
        Map<String, List<Arrival>> byId = byId(arrivalsOf("/webhook/crash"));
        assertEquals(users, byId.size(), "one id per message");
        byId.forEach((id, sent) -> assertEquals(1, sent.stream().map(a -> a.username).distinct().count()));
        // B's own unanswered requests fail when the receiver lets go and are retried at once; A's four are
        // someone else's until their lease ends, so B sends them again only after it.
        List<String> resentWithinLease = new ArrayList<>();
        List<String> resentAfterLease = new ArrayList<>();
        for (String id : inFlight) {
            List<Arrival> sent = byId.get(id);
            assertTrue(sent.size() >= 2, id + " was in flight and must have been sent again");
            long gap = sent.get(1).arrivedNanos - sent.get(0).arrivedNanos;
            (gap >= TimeUnit.SECONDS.toNanos(LEASE_SECONDS - 1) ? resentAfterLease : resentWithinLease).add(id);
        }
        assertEquals(WORKERS, resentAfterLease.size(), "A's in-flight messages, re-sent by B after the lease: "
                + resentAfterLease + " within it: " + resentWithinLease);
        assertEquals(WORKERS, resentWithinLease.size(), "B's own, retried after their failed attempt");
        for (String id : byId.keySet()) {
            if (!inFlight.contains(id)) {
                assertEquals(1, byId.get(id).size(), id + " was pending at the kill and is sent once");
            }
        }
        write(nodeB, "DELETE", "webhooks/crash", null);
    }

    @Test
    @Order(7)
    void aRestartOfEachNodeInTurnUnderLoadLosesNothing() throws Exception {
        assertFalse(nodeA.alive(), "node A is still down from the kill");
        write(nodeB, "POST", "webhooks", """
                {"id": "rolling", "url": "%s", "events": ["user.created"], "secret": "%s"}"""
                .formatted(url("/webhook/rolling"), SECRET_1));
        Set<String> created = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        String prefix = "rolling-" + shortId() + "-";
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        load.scheduleWithFixedDelay(() -> {
            int n = next.getAndIncrement();
            StandaloneKeycloak node = n % 2 == 0 ? nodeA : nodeB;
            if (!node.alive()) {
                node = node == nodeA ? nodeB : nodeA;
            }
            String username = prefix + n;
            if (tryCreateUser(node, username)) {
                created.add(username);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        try {
            start(nodeA);
            int beforeB = created.size();
            nodeB.stop();
            start(nodeB);
            assertTrue(created.size() > beforeB, "users were created while B restarted");
            int beforeEnd = created.size();
            Polls.until(() -> created.size() > beforeEnd + 10, Duration.ofSeconds(30));
        } finally {
            load.shutdown();
            assertTrue(load.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertTrue(created.size() > 50, "load ran through both restarts: " + created.size() + " users");
        Polls.until(() -> delivered("/webhook/rolling").containsAll(created), Duration.ofSeconds(LEASE_SECONDS + 30));
        Set<String> missing = created.stream().filter(u -> !delivered("/webhook/rolling").contains(u))
                .collect(Collectors.toSet());
        assertEquals(Set.of(), missing, "every user created during the restarts was delivered");
        byId(arrivalsOf("/webhook/rolling")).forEach((id, sent) ->
                assertEquals(1, sent.stream().map(a -> a.username).distinct().count(), id));
    }

    // --- nodes

    private static void startAlone(StandaloneKeycloak node) {
        try {
            node.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void start(StandaloneKeycloak node) {
        startAlone(node);
        // Started and in one view with the other node: invalidations reach it from now on.
        Polls.until(() -> TWO_MEMBER_VIEW.matcher(logOf(node)).find(), Duration.ofSeconds(60));
        assertTrue(TWO_MEMBER_VIEW.matcher(logOf(node)).find(), node.baseUrl() + " joined no two-node cluster view");
        tokens.remove(node);
    }

    private static String logOf(StandaloneKeycloak node) {
        try {
            return node.logText();
        } catch (IOException e) {
            return "";
        }
    }

    private static AdminHttp http(StandaloneKeycloak node) {
        return new AdminHttp(node.baseUrl());
    }

    /** The master admin's token from that node (tokens name their node as issuer, so each node has its own). */
    private String token(StandaloneKeycloak node) {
        return tokens.computeIfAbsent(node, n -> http(n).userToken("master", "admin", "admin"));
    }

    private void write(StandaloneKeycloak node, String method, String path, String json) {
        AdminHttp.Response response = http(node).hooks(method, REALM, path, token(node), json);
        assertEquals(2, response.status() / 100, method + " " + path + ": " + response.status() + " " + response.body());
    }

    /** Polls a probe on node B for {@link #IN_FORCE} from now (just after the write on A) and asserts it came true. */
    private static void inForceOnB(String what, BooleanSupplier probe) {
        AtomicBoolean held = new AtomicBoolean();
        Polls.until(() -> {
            held.set(probe.getAsBoolean());
            return held.get();
        }, IN_FORCE);
        assertTrue(held.get(), what + ": not within " + IN_FORCE.toMillis() + " ms");
    }

    private String createUser(StandaloneKeycloak node, String username) {
        AdminHttp.Response created = http(node).admin("POST", "/admin/realms/" + REALM + "/users", token(node),
                userJson(username));
        assertEquals(201, created.status(), created.body());
        return username;
    }

    /** A user created through the node, or false when the node did not answer 201 (e.g. it was stopping). */
    private boolean tryCreateUser(StandaloneKeycloak node, String username) {
        try {
            String token = token(node);
            HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/admin/realms/" + REALM + "/users"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(userJson(username))).build();
            int status = CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 401) {
                tokens.remove(node);
            }
            return status == 201;
        } catch (IOException | RuntimeException e) {
            tokens.remove(node);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String userJson(String username) {
        return """
                {"username": "%1$s", "enabled": true, "email": "%1$s@example.com", "firstName": "F", "lastName": "L",
                 "credentials": [{"type": "password", "value": "%2$s", "temporary": false}]}
                """.formatted(username, PASSWORD);
    }

    private void updateUser(StandaloneKeycloak node, String username) {
        AdminHttp http = http(node);
        String id = http.admin("GET", "/admin/realms/" + REALM + "/users?exact=true&username=" + username, token(node), null)
                .json().get(0).get("id").asText();
        AdminHttp.Response updated = http.admin("PUT", "/admin/realms/" + REALM + "/users/" + id, token(node), """
                {"username": "%1$s", "enabled": true, "email": "%1$s@example.com", "firstName": "G%2$s", "lastName": "L"}
                """.formatted(username, shortId()));
        assertEquals(204, updated.status(), updated.body());
    }

    /** The webhook test action on a node; true when the receiver accepted the signature. */
    private boolean testAction(StandaloneKeycloak node, String webhook) {
        AdminHttp.Response response = http(node).hooks("POST", REALM, "webhooks/" + webhook + "/test", token(node), null);
        return response.status() == 200 && response.json().path("success").asBoolean();
    }

    /** The {@code plan} claim of an access token B issues to alice; empty without one. */
    private String plan() {
        AdminHttp.Response response = http(nodeB).tokenResponse(REALM, "alice", PASSWORD);
        if (response.status() != 200) {
            return "status " + response.status();
        }
        String jwt = response.json().get("access_token").asText();
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
            return claims.path("plan").asText("");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Outbox rows of a webhook for a user's event: written in the transaction of the change, so known at once. */
    private static long messages(String webhook, String type, String username) {
        try (Connection c = DriverManager.getConnection(DB, System.getProperty("kc.test.database.user"),
                System.getProperty("kc.test.database.password"));
                ResultSet rs = c.createStatement().executeQuery("select count(*) from hooks_message where webhook_id = '"
                        + webhook + "' and event_type = '" + type + "' and position('\"" + username + "\"' in payload) > 0")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String metrics(StandaloneKeycloak node) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(node.managementUrl() + "/metrics")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The node's count of successful webhook attempts. */
    private static double successes(StandaloneKeycloak node) {
        Matcher m = Pattern.compile("(?m)^keycloak_hooks_webhook_deliveries_total\\{[^}]*result=\"success\"[^}]*} (\\S+)$")
                .matcher(metrics(node));
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    // --- the receiver

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private int calls(String path) {
        return prehookCalls.computeIfAbsent(path, p -> new AtomicInteger()).get();
    }

    private void prehook(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            prehookCalls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            answer(exchange, 200, path.endsWith("/deny")
                    ? "{\"allow\": false, \"reason\": \"Denied by the cluster test.\"}" : "{\"allow\": true}");
        }
    }

    private void claims(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String plan = exchange.getRequestURI().getPath().substring("/claims/".length());
            answer(exchange, 200, "{\"customClaims\": {\"plan\": \"" + plan + "\"}}");
        }
    }

    private void webhook(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String signedWith = SECRETS.stream().filter(secret -> DemoReceiver.verify(
                    name -> exchange.getRequestHeaders().getFirst(name), body, secret, Instant.now()).all())
                    .findFirst().orElse(null);
            JsonNode envelope = JSON.readTree(body);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            Arrival arrival = new Arrival(path, id, envelope.path("type").asText(),
                    envelope.at("/data/user/username").asText(null), signedWith);
            boolean first = arrivals.stream().noneMatch(a -> a.id.equals(id));
            arrivals.add(arrival);
            try {
                switch (path) {
                    case "/webhook/rotation" -> answer(exchange, rotationSecret.equals(signedWith) ? 204 : 401, "");
                    case "/webhook/load" -> answer(exchange, first ? 500 : 204, "");
                    case "/webhook/crash" -> {
                        if (hang) {
                            arrival.hungUp = true;
                            hanging.incrementAndGet();
                            released.await(120, TimeUnit.SECONDS);
                            return; // no answer: the attempt never completes
                        }
                        answer(exchange, 204, "");
                    }
                    default -> answer(exchange, signedWith != null ? 204 : 401, "");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                arrival.answeredNanos = System.nanoTime();
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private List<Arrival> arrivalsOf(String path) {
        return arrivals.stream().filter(a -> a.path.equals(path)).toList();
    }

    /** Users whose message the receiver accepted (answered 2xx) at that path. */
    private Set<String> delivered(String path) {
        return arrivalsOf(path).stream().filter(a -> a.answeredNanos != 0 && accepted(a)).map(a -> a.username)
                .collect(Collectors.toSet());
    }

    private boolean accepted(Arrival arrival) {
        return switch (arrival.path) {
            case "/webhook/load" -> arrivals.stream().filter(a -> a.id.equals(arrival.id)).findFirst().orElseThrow() != arrival;
            case "/webhook/crash" -> !arrival.hungUp;
            default -> arrival.signedWith != null;
        };
    }

    private long idsArrived(String path, int times) {
        return byId(arrivalsOf(path)).values().stream().filter(sent -> sent.size() >= times).count();
    }

    private static Map<String, List<Arrival>> byId(List<Arrival> arrivals) {
        return arrivals.stream().collect(Collectors.groupingBy(a -> a.id, java.util.TreeMap::new, Collectors.toList()));
    }

    private static <T> T await(String what, java.util.function.Supplier<T> find, Duration timeout) {
        AtomicReference<T> found = new AtomicReference<>();
        Polls.until(() -> {
            found.set(find.get());
            return found.get() != null;
        }, timeout);
        if (found.get() == null) {
            throw new AssertionError("timed out waiting for " + what);
        }
        return found.get();
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
