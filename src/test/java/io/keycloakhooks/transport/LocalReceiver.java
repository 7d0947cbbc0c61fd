package io.keycloakhooks.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/** A real HTTP(S) server on a loopback address that records every request before answering it. */
final class LocalReceiver implements AutoCloseable {

    record Received(String method, URI uri, Headers headers, byte[] body, int remotePort) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    /** Counted down on close: handlers that hold a response back wait on it. */
    final CountDownLatch release = new CountDownLatch(1);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    private LocalReceiver(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.start();
    }

    static LocalReceiver http(String address, int port) throws IOException {
        return new LocalReceiver(HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 50));
    }

    static LocalReceiver http() throws IOException {
        return http("127.0.0.1", 0);
    }

    static LocalReceiver https(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new LocalReceiver(server);
    }

    LocalReceiver on(String path, Handler handler) {
        server.createContext(path, exchange -> {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI(), exchange.getRequestHeaders(),
                    exchange.getRequestBody().readAllBytes(), exchange.getRemoteAddress().getPort()));
            try {
                handler.handle(exchange);
            } finally {
                exchange.close();
            }
        });
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    URI url(String scheme, String host, String path) {
        return URI.create(scheme + "://" + host + ":" + port() + path);
    }

    URI url(String path) {
        return url("http", "127.0.0.1", path);
    }

    /** Waits (at most 10 s) until the test releases held-back responses. */
    void awaitRelease() {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void respond(HttpExchange exchange, int status, String body, Map<String, List<String>> headers)
            throws IOException {
        headers.forEach((name, values) -> values.forEach(value -> exchange.getResponseHeaders().add(name, value)));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        respond(exchange, status, body, Map.of());
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
