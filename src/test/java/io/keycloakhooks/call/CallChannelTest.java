package io.keycloakhooks.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.keycloakhooks.transport.DestinationPolicy;
import io.keycloakhooks.transport.HookHttpClient;
import io.keycloakhooks.transport.HookRequest;
import io.keycloakhooks.transport.HookResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A lane's channel against a real local receiver: refusals over the realm's limit, permits freed after each call. */
class CallChannelTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CallLimiter limiter = new CallLimiter(Map.of(CallLane.LOGIN, 1, CallLane.WEBHOOK, 1));
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch held = new CountDownLatch(1);
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private HttpServer server;
    private ExecutorService serverThreads;
    private CallChannel login;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/held", ex -> {
            held.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, "{\"allow\":true}");
        });
        server.createContext("/ok", ex -> respond(ex, "{\"allow\":true}"));
        server.start();
        login = channel(CallLane.LOGIN);
    }

    private CallChannel channel(CallLane lane) {
        return new CallChannel(lane, new HookHttpClient(DestinationPolicy.of(List.of("127.0.0.0/8"), false), null, null,
                "keycloak-hooks/test"), limiter, new CallMetrics(registry));
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @AfterEach
    void stop() throws IOException {
        release.countDown();
        callers.shutdownNow();
        login.close();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void aCallOverTheRealmsLimitIsARefusedFailureWithTheReasonAndIsCounted() throws Exception {
        CompletableFuture<HookResponse> first = CompletableFuture.supplyAsync(() -> login.post("r1", request("/held")), callers);
        assertTrue(held.await(10, TimeUnit.SECONDS), "the first call reached the receiver");

        long start = System.nanoTime();
        HookResponse refused = login.post("r1", request("/ok"));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(refused.refused());
        assertFalse(refused.isSuccess());
        assertEquals(0, refused.status());
        assertEquals(0, refused.latencyMillis());
        assertEquals("refused: the realm's concurrent login-path calls are at the limit (login-calls-per-realm=1)",
                refused.error());
        assertTrue(millis < 500, "refused at once, not after a wait: " + millis + " ms");
        assertEquals(1.0, refusedCount("login"));
        assertEquals(0.0, refusedCount("webhook"));
        assertEquals(Set.of("r1"), login.realmsAtLimit());

        assertTrue(login.post("r2", request("/ok")).isSuccess(), "another realm is not limited by r1's calls");
        release.countDown();
        assertTrue(first.get(10, TimeUnit.SECONDS).isSuccess());
        HookResponse after = login.post("r1", request("/ok"));
        assertTrue(after.isSuccess(), "the permit came back when the call ended: " + after);
        assertFalse(after.refused());
        assertEquals(Set.of(), login.realmsAtLimit());
        assertEquals(1.0, refusedCount("login"));
    }

    @Test
    void aWebhookRefusalNamesItsOwnOptionAndLeavesTheLoginLaneAlone() throws Exception {
        try (CallChannel webhook = channel(CallLane.WEBHOOK)) {
            CompletableFuture<HookResponse> first = CompletableFuture.supplyAsync(() -> webhook.post("r1", request("/held")),
                    callers);
            assertTrue(held.await(10, TimeUnit.SECONDS));
            HookResponse refused = webhook.post("r1", request("/ok"));
            assertTrue(refused.refused());
            assertEquals("refused: the realm's concurrent webhook calls are at the limit (webhook-calls-per-realm=1)",
                    refused.error());
            assertEquals(1.0, refusedCount("webhook"));
            assertTrue(login.post("r1", request("/ok")).isSuccess(), "the login lane has its own permits");
            release.countDown();
            assertTrue(first.get(10, TimeUnit.SECONDS).isSuccess());
        }
    }

    @Test
    void aCallThatFailsOnTheNetworkGivesItsPermitBack() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HookResponse failed = login.post("r1", new HookRequest(URI.create("http://127.0.0.1:" + closedPort + "/x"),
                Map.of(), new byte[0], Duration.ofSeconds(2)));
        assertNotNull(failed.error());
        assertFalse(failed.refused(), "a network failure is not a refusal: " + failed);
        assertEquals(0, limiter.inFlight(CallLane.LOGIN, "r1"));
        assertTrue(login.post("r1", request("/ok")).isSuccess());
    }

    private HookRequest request(String path) {
        return new HookRequest(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path), Map.of(),
                "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
    }

    private double refusedCount(String lane) {
        return registry.get(CallMetrics.REFUSED).tag("lane", lane).counter().count();
    }
}
