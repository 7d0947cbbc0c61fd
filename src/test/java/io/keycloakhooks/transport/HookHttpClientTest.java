package io.keycloakhooks.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.http.HttpHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hook HTTP client against a real local HTTP server. */
class HookHttpClientTest {

    private HttpServer server;
    private HookHttpClient client;
    private final List<HttpExchange> seen = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final Set<String> remotePorts = ConcurrentHashMap.newKeySet();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/ok", ex -> {
            record(ex);
            respond(ex, 200, "{\"allow\":true}", Map.of("Retry-After", "7"));
        });
        server.createContext("/fail", ex -> {
            record(ex);
            respond(ex, 500, "boom", Map.of());
        });
        server.createContext("/redirect", ex -> {
            record(ex);
            respond(ex, 302, "", Map.of("Location", "http://127.0.0.1:" + port() + "/ok"));
        });
        server.createContext("/slow", ex -> {
            record(ex);
            await();
            respond(ex, 200, "late", Map.of());
        });
        server.createContext("/trickle", ex -> {
            record(ex);
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 100 && release.getCount() > 0; i++) {
                    out.write('x');
                    out.flush();
                    release.await(100, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException | IOException e) {
                // the client hung up: expected
            }
            ex.close();
        });
        server.createContext("/big", ex -> {
            record(ex);
            respond(ex, 200, "x".repeat(HookHttpClient.MAX_RESPONSE_BYTES + 1), Map.of());
        });
        server.start();
        client = new HookHttpClient(DestinationPolicy.of(List.of("127.0.0.0/8"), false), null, null, "keycloak-hooks/test");
    }

    @AfterEach
    void stop() throws IOException {
        release.countDown();
        client.close();
        server.stop(0);
    }

    @Test
    void postsJsonWithHeadersAndReadsTheResponse() {
        HookResponse response = client.post(request("/ok", Map.of("Authorization", "Bearer t", "User-Agent", "evil",
                "Content-Type", "text/plain"), "{\"a\":1}", 2000));

        assertTrue(response.isSuccess(), response.toString());
        assertEquals(200, response.status());
        assertEquals("{\"allow\":true}", response.body());
        assertEquals("7", response.header("Retry-After").orElseThrow());
        HttpExchange exchange = seen.get(0);
        assertEquals("POST", exchange.getRequestMethod());
        assertEquals(List.of("application/json; charset=utf-8"), exchange.getRequestHeaders().get("Content-Type"));
        assertEquals("keycloak-hooks/test", exchange.getRequestHeaders().getFirst("User-Agent"));
        assertEquals("Bearer t", exchange.getRequestHeaders().getFirst("Authorization"));
        assertEquals("{\"a\":1}", new String(bodies.get("/ok"), StandardCharsets.UTF_8));
    }

    @Test
    void serverErrorIsAFailedAttemptWithItsStatus() {
        HookResponse response = client.post(request("/fail", Map.of(), "{}", 2000));
        assertFalse(response.isSuccess());
        assertEquals(500, response.status());
        assertNull(response.error());
    }

    @Test
    void redirectsAreNotFollowed() {
        HookResponse response = client.post(request("/redirect", Map.of(), "{}", 2000));
        assertFalse(response.isSuccess());
        assertEquals(302, response.status());
        assertTrue(response.error().contains("redirect"));
        assertEquals(1, seen.size(), "the redirect target was not called");
    }

    @Test
    void timeoutBoundsTheWholeAttempt() {
        HookResponse response = client.post(request("/slow", Map.of(), "{}", 500));
        assertFalse(response.isSuccess());
        assertEquals("timeout after 500 ms", response.error());
        assertTrue(response.latencyMillis() < 1500, "ended near the deadline: " + response.latencyMillis());
    }

    @Test
    void aTricklingBodyStillEndsAtTheDeadline() {
        HookResponse response = client.post(request("/trickle", Map.of(), "{}", 700));
        assertFalse(response.isSuccess());
        assertTrue(response.error().startsWith("timeout"), response.error());
        assertTrue(response.latencyMillis() < 1700, "ended near the deadline: " + response.latencyMillis());
    }

    @Test
    void oversizedBodyIsAFailedAttempt() {
        HookResponse response = client.post(request("/big", Map.of(), "{}", 2000));
        assertFalse(response.isSuccess());
        assertEquals("response body over 65536 bytes", response.error());
    }

    @Test
    void refusedDestinationNeverReachesTheServer() throws IOException {
        try (HookHttpClient strict = new HookHttpClient(DestinationPolicy.of(List.of(), false), null, null, "ua")) {
            for (String host : List.of("127.0.0.1", "localhost")) {
                HookResponse response = strict.post(new HookRequest(URI.create("https://" + host + ":" + port() + "/ok"),
                        Map.of(), new byte[0], Duration.ofSeconds(2)));
                assertFalse(response.isSuccess());
                assertEquals(0, response.status());
                assertTrue(response.error().contains("refused") && response.error().contains("loopback"), response.error());
            }
        }
        assertTrue(seen.isEmpty(), "no request reached the server");
    }

    @Test
    void connectionRefusedIsReported() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HookResponse response = client.post(new HookRequest(URI.create("http://127.0.0.1:" + closedPort + "/x"), Map.of(),
                new byte[0], Duration.ofSeconds(2)));
        assertFalse(response.isSuccess());
        assertEquals("connection refused", response.error());
    }

    @Test
    void connectionsAreKeptAlive() {
        for (int i = 0; i < 5; i++) {
            assertTrue(client.post(request("/ok", Map.of(), "{}", 2000)).isSuccess());
        }
        assertEquals(1, remotePorts.size(), "one pooled connection served all calls: " + remotePorts);
    }

    @Test
    void aConfiguredProxyCarriesTheRequest() throws IOException {
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        List<String> proxied = new CopyOnWriteArrayList<>();
        proxy.createContext("/", ex -> {
            proxied.add(ex.getRequestURI().toString());
            respond(ex, 204, "", Map.of());
        });
        proxy.start();
        HttpHost proxyHost = new HttpHost("127.0.0.1", proxy.getAddress().getPort());
        try (HookHttpClient viaProxy = new HookHttpClient(DestinationPolicy.of(List.of(), true), null,
                host -> host.equals("localhost") ? proxyHost : null, "ua")) {
            HookResponse response = viaProxy.post(new HookRequest(URI.create("http://localhost:" + port() + "/ok"), Map.of(),
                    new byte[0], Duration.ofSeconds(2)));
            assertTrue(response.isSuccess(), response.toString());
            assertEquals(List.of("http://localhost:" + port() + "/ok"), proxied, "the proxy got the absolute URI");
            assertTrue(seen.isEmpty(), "the target was reached only through the proxy");
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void aProxiedTargetIsStillCheckedAgainstThePolicy() throws IOException {
        HttpHost proxyHost = new HttpHost("127.0.0.1", port());
        try (HookHttpClient viaProxy = new HookHttpClient(DestinationPolicy.of(List.of(), false), null, host -> proxyHost, "ua")) {
            HookResponse response = viaProxy.post(new HookRequest(URI.create("https://169.254.169.254/latest"), Map.of(),
                    new byte[0], Duration.ofSeconds(2)));
            assertFalse(response.isSuccess());
            assertTrue(response.error().contains("169.254.169.254"), response.error());
        }
        assertTrue(seen.isEmpty());
    }

    private HookRequest request(String path, Map<String, String> headers, String body, long timeoutMs) {
        return new HookRequest(URI.create("http://127.0.0.1:" + port() + path), headers,
                body.getBytes(StandardCharsets.UTF_8), Duration.ofMillis(timeoutMs));
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private void record(HttpExchange exchange) throws IOException {
        seen.add(exchange);
        remotePorts.add(Integer.toString(exchange.getRemoteAddress().getPort()));
        bodies.put(exchange.getHttpContext().getPath(), exchange.getRequestBody().readAllBytes());
    }

    private void await() {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body, Map<String, String> headers) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }
}
