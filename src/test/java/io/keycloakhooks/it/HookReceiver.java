package io.keycloakhooks.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real hook receiver on the test framework's HTTP server: records every request and answers with a
 * configurable status and body.
 */
public final class HookReceiver {

    private final HttpServer server;
    private final String path;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 204;
    private volatile String responseBody = "";
    private volatile Duration delay = Duration.ZERO;

    public HookReceiver(HttpServer server, String path) {
        this.server = server;
        this.path = path;
        server.createContext(path, this::handle);
    }

    public String url() {
        String scheme = server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void respond(int status, String body) {
        this.status = status;
        this.responseBody = body;
    }

    /** Answers only after this long: a slow receiver. */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public void clear() {
        received.clear();
    }

    /** Waits (polling, with a deadline) for a request that matches. */
    public Received await(Predicate<Received> match, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (Received r : received) {
                if (match.test(r)) {
                    return r;
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        throw new AssertionError("no matching request within " + timeout + "; got " + received);
    }

    public void stop() {
        server.removeContext(path);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            received.add(new Received(exchange.getRequestMethod(), headers, body));
            if (!delay.isZero()) {
                LockSupport.parkNanos(delay.toNanos());
            }
            byte[] answer = responseBody.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    public record Received(String method, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return method + " " + headers.keySet() + " " + bodyText();
        }
    }
}
