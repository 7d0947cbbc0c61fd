package io.keycloakhooks.transport;

import static io.keycloakhooks.transport.LocalReceiver.respond;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hook HTTP client against a real local HTTP server. */
class HookHttpClientTest {

    /** How far past its timeout an attempt may end: scheduling slack on a busy 2-core machine. */
    private static final long MARGIN_MS = 750;

    private LocalReceiver receiver;
    private HookHttpClient client;

    @BeforeEach
    void start() throws IOException {
        receiver = LocalReceiver.http()
                .on("/ok", ex -> respond(ex, 200, "{\"allow\":true}",
                        Map.of("Retry-After", List.of("7"), "X-Multi", List.of("first", "second"))))
                .on("/empty", ex -> respond(ex, 204, ""))
                .on("/fail", ex -> respond(ex, 500, "boom"))
                .on("/redirect", ex -> respond(ex, 302, "", Map.of("Location", List.of("/ok"))))
                .on("/slow", ex -> {
                    receiver.awaitRelease();
                    respond(ex, 200, "late");
                })
                .on("/trickle", ex -> {
                    ex.sendResponseHeaders(200, 0);
                    try (OutputStream out = ex.getResponseBody()) {
                        while (!receiver.release.await(50, TimeUnit.MILLISECONDS)) {
                            out.write('x');
                            out.flush();
                        }
                    } catch (InterruptedException | IOException e) {
                        // the client hung up: what this test wants
                    }
                })
                .on("/exactly-limit", ex -> respond(ex, 200, "x".repeat(HookHttpClient.MAX_RESPONSE_BYTES)))
                .on("/big", ex -> respond(ex, 200, "x".repeat(HookHttpClient.MAX_RESPONSE_BYTES + 1)))
                .on("/big-chunked", ex -> {
                    ex.sendResponseHeaders(200, 0);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write("y".repeat(HookHttpClient.MAX_RESPONSE_BYTES + 10).getBytes(StandardCharsets.UTF_8));
                    }
                });
        client = new HookHttpClient(DestinationPolicy.of(List.of("127.0.0.0/8"), false), null, null, "keycloak-hooks/test");
    }

    @AfterEach
    void stop() throws IOException {
        receiver.close();
        client.close();
    }

    @Test
    void headerValuesMayHoldAnythingButControlCharacters() {
        for (String ok : List.of("", "Bearer t0k3n", "a\tb", "caf\u00e9 \u2603", "~!@#$%^&*()")) {
            assertTrue(HookHttpClient.isValidHeaderValue(ok), ok);
        }
        for (String bad : List.of("a\r\nX-Injected: 1", "a\nb", "a\u0000b", "a\u001fb", "a\u007fb", "\u0008")) {
            assertFalse(HookHttpClient.isValidHeaderValue(bad), bad);
        }
    }

    @Test
    void successReturnsStatusBodyAndFirstHeaderValuesByLowerCaseName() {
        HookResponse response = client.post(request("/ok", Map.of(), "{}", 2000));

        assertTrue(response.isSuccess(), response.toString());
        assertNull(response.error());
        assertEquals(200, response.status());
        assertEquals("{\"allow\":true}", response.body());
        assertEquals("7", response.headers().get("retry-after"));
        assertEquals("7", response.header("Retry-After").orElseThrow());
        assertEquals("first", response.header("x-multi").orElseThrow());
        assertTrue(response.header("x-absent").isEmpty());
        assertTrue(response.latencyMillis() >= 0 && response.latencyMillis() < 2000, "latency " + response.latencyMillis());
    }

    @Test
    void requestHeadersAndBodyArriveExactly() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer t0k3n");
        headers.put("X-Tenant", "acme");
        headers.put("webhook-id", "msg-1");
        String body = "{\"name\":\"Zoë\",\"emoji\":\"\uD83D\uDE80\"}";

        HookResponse response = client.post(new HookRequest(URI.create(receiver.url("/ok") + "?tenant=acme"), headers,
                body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2)));

        assertTrue(response.isSuccess(), response.toString());
        LocalReceiver.Received got = receiver.received.get(0);
        assertEquals("POST", got.method());
        assertEquals("/ok?tenant=acme", got.uri().toString());
        assertEquals(List.of("Bearer t0k3n"), got.headers().get("Authorization"));
        assertEquals(List.of("acme"), got.headers().get("X-Tenant"));
        assertEquals(List.of("msg-1"), got.headers().get("webhook-id"));
        assertEquals(body, got.bodyText());
    }

    @Test
    void contentTypeUserAgentHostAndLengthAreTheClients() {
        Map<String, String> headers = Map.of("Content-Type", "text/plain", "user-agent", "evil/1.0", "Host", "evil.test",
                "Content-Length", "999", "Transfer-Encoding", "chunked");

        HookResponse response = client.post(request("/ok", headers, "{\"a\":1}", 2000));

        assertTrue(response.isSuccess(), response.toString());
        LocalReceiver.Received got = receiver.received.get(0);
        assertEquals(List.of("application/json; charset=utf-8"), got.headers().get("Content-Type"));
        assertEquals(List.of("keycloak-hooks/test"), got.headers().get("User-Agent"));
        assertEquals(List.of("127.0.0.1:" + receiver.port()), got.headers().get("Host"));
        assertEquals(List.of("7"), got.headers().get("Content-Length"));
        assertNull(got.headers().get("Transfer-Encoding"));
        assertEquals("{\"a\":1}", got.bodyText());
    }

    @Test
    void noContentIsASuccessWithAnEmptyBody() {
        HookResponse response = client.post(request("/empty", Map.of(), "{}", 2000));
        assertTrue(response.isSuccess(), response.toString());
        assertEquals(204, response.status());
        assertEquals("", response.body());
    }

    @Test
    void serverErrorIsAFailedAttemptWithItsStatusAndBody() {
        HookResponse response = client.post(request("/fail", Map.of(), "{}", 2000));
        assertFalse(response.isSuccess());
        assertEquals(500, response.status());
        assertEquals("boom", response.body());
        assertNull(response.error(), "a response within the limits was read");
    }

    @Test
    void redirectsAreNotFollowed() {
        HookResponse response = client.post(request("/redirect", Map.of(), "{}", 2000));
        assertFalse(response.isSuccess());
        assertEquals(302, response.status());
        assertEquals("redirect not followed (status 302)", response.error());
        assertEquals("/ok", response.header("location").orElseThrow());
        assertEquals(1, receiver.received.size(), "the redirect target was not called");
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSlowResponseEndsAtTheTimeoutAndTheClientStaysUsable() {
        long start = System.nanoTime();
        HookResponse response = client.post(request("/slow", Map.of(), "{}", 500));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertFalse(response.isSuccess());
        assertEquals(0, response.status());
        assertEquals("timeout after 500 ms", response.error());
        assertTrue(took >= 490 && took < 500 + MARGIN_MS, "ended at the deadline: " + took + " ms");
        assertTrue(client.post(request("/ok", Map.of(), "{}", 2000)).isSuccess(), "the next call works");
    }

    /** Without the deadline abort this call would never end (bytes keep coming); fail instead of hanging. */
    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aTricklingBodyStillEndsAtTheDeadline() {
        long start = System.nanoTime();
        HookResponse response = client.post(request("/trickle", Map.of(), "{}", 700));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertFalse(response.isSuccess());
        assertEquals("timeout after 700 ms", response.error());
        assertTrue(took >= 690 && took < 700 + MARGIN_MS, "ended at the deadline although bytes kept coming: " + took + " ms");
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() {
        HookResponse response = client.post(request("/exactly-limit", Map.of(), "{}", 2000));
        assertTrue(response.isSuccess(), response.error());
        assertEquals(HookHttpClient.MAX_RESPONSE_BYTES, response.body().length());
    }

    @Test
    void aLargerBodyIsAFailedAttemptWithOrWithoutContentLength() {
        for (String path : List.of("/big", "/big-chunked")) {
            HookResponse response = client.post(request(path, Map.of(), "{}", 2000));
            assertFalse(response.isSuccess(), path);
            assertEquals(200, response.status(), path);
            assertEquals("response body over 65536 bytes", response.error(), path);
            assertEquals("", response.body(), path);
        }
    }

    @Test
    void aRefusedDestinationIsAFailedAttemptThatNeverReachesTheServer() throws IOException {
        try (HookHttpClient strict = new HookHttpClient(DestinationPolicy.of(List.of(), false), null, null, "ua")) {
            for (URI url : List.of(receiver.url("https", "127.0.0.1", "/ok"), receiver.url("https", "localhost", "/ok"),
                    receiver.url("http", "127.0.0.1", "/ok"), receiver.url("http", "localhost", "/ok"))) {
                HookResponse response = strict.post(new HookRequest(url, Map.of(), new byte[0], Duration.ofSeconds(2)));
                assertFalse(response.isSuccess(), url.toString());
                assertEquals(0, response.status());
                assertTrue(response.error().startsWith("destination refused: ") && response.error().contains("127.0.0.1")
                        && response.error().contains("loopback"), response.error());
            }
        }
        assertTrue(receiver.received.isEmpty(), "no request reached the server");
    }

    @Test
    void aHeaderThatWouldInjectLinesIsAFailedAttempt() {
        HookResponse response = client.post(request("/ok", Map.of("X-Note", "a\r\nX-Injected: yes"), "{}", 2000));
        assertFalse(response.isSuccess());
        assertEquals("request header 'X-Note' has an invalid name or value", response.error());
        assertTrue(receiver.received.isEmpty());
    }

    @Test
    void aClosedPortIsConnectionRefused() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        HookResponse response = client.post(new HookRequest(URI.create("http://127.0.0.1:" + closedPort + "/x"), Map.of(),
                new byte[0], Duration.ofSeconds(2)));
        assertFalse(response.isSuccess());
        assertEquals(0, response.status());
        assertEquals("connection refused", response.error());
    }

    @Test
    void sequentialCallsReuseOneKeptAliveConnection() {
        for (int i = 0; i < 5; i++) {
            assertTrue(client.post(request("/ok", Map.of(), "{\"n\":" + i + "}", 2000)).isSuccess());
        }
        Set<Integer> clientPorts = receiver.received.stream().map(LocalReceiver.Received::remotePort).collect(Collectors.toSet());
        assertEquals(5, receiver.received.size());
        assertEquals(1, clientPorts.size(), "one pooled connection served all calls: " + clientPorts);
    }

    @Test
    void bracketedIpv6LiteralsWork() throws IOException {
        LocalReceiver v6;
        try {
            v6 = LocalReceiver.http("::1", 0);
        } catch (IOException e) {
            assumeTrue(false, "no IPv6 loopback here: " + e.getMessage());
            return;
        }
        try (v6; HookHttpClient dev = new HookHttpClient(DestinationPolicy.of(List.of(), true), null, null, "ua")) {
            v6.on("/ok", ex -> respond(ex, 200, "v6"));
            HookResponse response = dev.post(new HookRequest(v6.url("http", "[::1]", "/ok"), Map.of(), new byte[0],
                    Duration.ofSeconds(2)));
            assertTrue(response.isSuccess(), response.toString());
            assertEquals("v6", response.body());
        }
    }

    /** One response to every request, written by hand; the body is two bytes. */
    private static RawReceiver.Responder head(String headerLines) {
        byte[] response = ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n" + headerLines + "\r\n{}")
                .getBytes(StandardCharsets.ISO_8859_1);
        return out -> out.write(response);
    }

    private static String headers(int count, int valueLength) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append("X-H").append(i).append(": ").append("v".repeat(valueLength)).append("\r\n");
        }
        return lines.toString();
    }

    private static HookResponse post(HookHttpClient client, RawReceiver raw, long timeoutMs) {
        return client.post(new HookRequest(raw.url("/hook"), Map.of(), "{}".getBytes(StandardCharsets.UTF_8),
                Duration.ofMillis(timeoutMs)));
    }

    private void assertHeadersTooLarge(String headerLines) throws IOException {
        try (RawReceiver raw = new RawReceiver(head(headerLines))) {
            HookResponse response = post(client, raw, 5_000);
            assertFalse(response.isSuccess());
            assertEquals(0, response.status());
            assertEquals("response headers too large", response.error());
        }
        assertTrue(client.post(request("/ok", Map.of(), "{}", 2000)).isSuccess(), "the next call works");
    }

    @Test
    void headersWithinTheLimitsAreRead() throws IOException {
        String lines = headers(BoundedResponseParser.MAX_HEADERS - 2, 500) + "X-Long: " + "l".repeat(3_000) + "\r\n";
        try (RawReceiver raw = new RawReceiver(head(lines))) {
            HookResponse response = post(client, raw, 5_000);
            assertTrue(response.isSuccess(), response.toString());
            assertEquals("{}", response.body());
            assertEquals(3_000, response.header("x-long").orElseThrow().length());
            assertEquals(BoundedResponseParser.MAX_HEADERS, response.headers().size());
        }
    }

    @Test
    void aHeaderLineOverTheLineLimitFails() throws IOException {
        assertHeadersTooLarge("X-Long: " + "l".repeat(BoundedResponseParser.MAX_LINE_BYTES) + "\r\n");
    }

    /** HttpCore's own text quotes the line ("ProtocolException: Invalid header: xxx…"): a header value. */
    @Test
    void aMalformedHeaderLineIsAShortReasonWithoutItsContent() throws IOException {
        try (RawReceiver raw = new RawReceiver(head("x".repeat(3_000) + "\r\n"))) {
            HookResponse response = post(client, raw, 5_000);
            assertFalse(response.isSuccess());
            assertEquals("malformed response header", response.error());
        }
    }

    @Test
    void aMalformedStatusLineIsAShortReasonWithoutItsContent() throws IOException {
        byte[] bytes = ("HTTP/1.1 2x0 " + "s".repeat(3_000) + "\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        try (RawReceiver raw = new RawReceiver(out -> out.write(bytes))) {
            HookResponse response = post(client, raw, 5_000);
            assertEquals("malformed response status line", response.error());
        }
    }

    @Test
    void moreThanTheHeaderCountFails() throws IOException {
        assertHeadersTooLarge(headers(BoundedResponseParser.MAX_HEADERS, 1)); // with Content-Length one more
        assertHeadersTooLarge(headers(10_000, 8));
    }

    @Test
    void aHeadOverTheTotalLimitFails() throws IOException {
        assertHeadersTooLarge(headers(20, 4_000));
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anEightMebibyteHeaderFailsPromptly() throws IOException {
        long start = System.nanoTime();
        assertHeadersTooLarge("X-Huge: " + "h".repeat(8 * 1024 * 1024) + "\r\n");
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took < 2_000, "took " + took + " ms");
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void endlessLinesBeforeTheStatusLineFailPromptly() throws IOException {
        byte[] garbage = "garbage\r\n".repeat(1_000).getBytes(StandardCharsets.ISO_8859_1);
        try (RawReceiver raw = new RawReceiver(out -> {
            while (true) {
                out.write(garbage);
            }
        })) {
            long start = System.nanoTime();
            HookResponse response = post(client, raw, 10_000);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("response headers too large", response.error());
            assertTrue(took < 2_000, "took " + took + " ms");
        }
    }

    /** Closing the body's stream would read an endless chunked body until the deadline (hundreds of MB). */
    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anEndlessBodyIsCutOffWithoutReadingIt() throws Exception {
        byte[] chunk = ("2000\r\n" + "c".repeat(0x2000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] chunkedHead = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] lengthHead = "HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        for (byte[] head : List.of(chunkedHead, lengthHead)) {
            try (RawReceiver raw = new RawReceiver(out -> {
                out.write(head);
                while (true) {
                    out.write(chunk);
                }
            })) {
                long start = System.nanoTime();
                HookResponse response = post(client, raw, 10_000);
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

                assertFalse(response.isSuccess());
                assertEquals(200, response.status());
                assertEquals("response body over 65536 bytes", response.error());
                assertTrue(took < 2_000, "took " + took + " ms");
                assertTrue(raw.hungUp.await(2, TimeUnit.SECONDS), "the server saw the connection closed");
                assertTrue(raw.written.get() < 32 * 1024 * 1024, "written " + raw.written.get() + " bytes");
            }
        }
        assertTrue(client.post(request("/ok", Map.of(), "{}", 2000)).isSuccess(), "the next call works");
    }

    @Test
    void aConnectionIsReusedAfterAHandWrittenChunkedResponse() throws IOException {
        byte[] bytes = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        try (RawReceiver raw = new RawReceiver(out -> out.write(bytes))) {
            for (int i = 0; i < 3; i++) {
                HookResponse response = post(client, raw, 2_000);
                assertTrue(response.isSuccess(), response.toString());
                assertEquals("{}", response.body());
            }
            assertEquals(3, raw.requests.get());
            assertEquals(1, raw.connections.get(), "one kept-alive connection");
        }
    }

    private HookRequest request(String path, Map<String, String> headers, String body, long timeoutMs) {
        return new HookRequest(receiver.url(path), headers, body.getBytes(StandardCharsets.UTF_8), Duration.ofMillis(timeoutMs));
    }
}
