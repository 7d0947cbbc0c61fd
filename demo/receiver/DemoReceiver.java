import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The demo hook receiver: logs every request Keycloak Hooks sends it (method, path, headers, body) and
 * answers 204. Run it with {@code java demo/receiver/DemoReceiver.java} (JDK 21+, no build needed).
 * Environment: RECEIVER_HOST (default 127.0.0.1), RECEIVER_PORT (default 8090).
 */
public class DemoReceiver {

    static final int MAX_BODY = 64 * 1024;

    public static void main(String[] args) throws IOException {
        String host = env("RECEIVER_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("RECEIVER_PORT", "8090"));
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 50);
        server.createContext("/", DemoReceiver::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        log("demo receiver listening on http://" + host + ":" + port + "/");
    }

    static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            StringBuilder line = new StringBuilder()
                    .append(exchange.getRequestMethod()).append(' ').append(exchange.getRequestURI())
                    .append(" from ").append(exchange.getRemoteAddress().getAddress().getHostAddress());
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            headers.forEach((name, values) -> line.append("\n  ").append(name.toLowerCase()).append(": ").append(String.join(", ", values)));
            line.append("\n  body (").append(body.length).append(" bytes): ")
                    .append(new String(body, StandardCharsets.UTF_8));
            log(line.toString());
            exchange.sendResponseHeaders(204, -1);
        }
    }

    static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new IOException("request body over " + MAX_BODY + " bytes");
        }
        return body;
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static void log(String message) {
        System.out.println(Instant.now() + " " + message);
        System.out.flush();
    }
}
