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
import java.util.function.Function;
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
    private volatile Function<Integer, Answer> answers = n -> new Answer(204, "", Map.of());
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
        answer(n -> new Answer(status, body, Map.of()));
    }

    /** Answers the n-th request (1-based, counting since the last {@link #clear()}) as the function says. */
    public void answer(Function<Integer, Answer> answers) {
        this.answers = answers;
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
            Answer reply;
            synchronized (received) {
                received.add(new Received(exchange.getRequestMethod(), headers, body, Instant.now(), exchange.getRequestURI()));
                reply = answers.apply(received.size());
            }
            if (!delay.isZero()) {
                LockSupport.parkNanos(delay.toNanos());
            }
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] answer = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    /** A response the receiver gives. */
    public record Answer(int status, String body, Map<String, String> headers) {
        public static Answer status(int status) {
            return new Answer(status, "", Map.of());
        }
    }

    public record Received(String method, Map<String, String> headers, byte[] body, Instant at, java.net.URI uri) {
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
