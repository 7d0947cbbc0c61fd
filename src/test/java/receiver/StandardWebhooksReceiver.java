package receiver;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Keycloak Hooks webhook receiver in Java, verified with the Standard Webhooks library
 * ({@code com.standardwebhooks:standardwebhooks} from Maven Central) on the JDK's HTTP server.
 * docs/receivers.md#java shows it; ReceiverExamplesIT runs it against real deliveries.
 *
 * <pre>WEBHOOK_SECRET=whsec_... java receiver.StandardWebhooksReceiver &lt;port&gt; &lt;record-file&gt;</pre>
 *
 * Answers 204 to a request whose signature verifies and appends {@code {"id", "type"}} of the message to the
 * record file as one JSON line; answers 401 to anything else.
 */
public final class StandardWebhooksReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Webhook webhook;
    private final Path recordFile;

    private StandardWebhooksReceiver(int port, String secret, Path recordFile) throws Exception {
        this.webhook = new Webhook(secret); // com.standardwebhooks.Webhook; takes the whsec_ secret as is
        this.recordFile = recordFile;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
    }

    /** Starts a receiver on the port (0: any free port). */
    public static StandardWebhooksReceiver start(int port, String secret, Path recordFile) throws Exception {
        StandardWebhooksReceiver receiver = new StandardWebhooksReceiver(port, secret, recordFile);
        receiver.server.start();
        return receiver;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String rawBody = new String(in.readAllBytes(), StandardCharsets.UTF_8); // the raw body, before parsing
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            try {
                // checks webhook-id, webhook-timestamp (at most 5 minutes away) and webhook-signature,
                // comparing in constant time
                webhook.verify(rawBody, headers);
            } catch (WebhookVerificationException e) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            JsonNode message = JSON.readTree(rawBody);
            // Deliveries are at least once: a real receiver deduplicates on message.id (= webhook-id).
            String line = JSON.createObjectNode()
                    .put("id", message.get("id").asText())
                    .put("type", message.get("type").asText()) + "\n";
            synchronized (this) {
                Files.writeString(recordFile, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args.length > 0 ? args[0] : System.getenv().getOrDefault("PORT", "8093"));
        Path recordFile = Path.of(args.length > 1 ? args[1] : System.getenv().getOrDefault("RECORD_FILE", "received.jsonl"));
        String secret = System.getenv("WEBHOOK_SECRET");
        if (secret == null || secret.isEmpty()) {
            System.err.println("WEBHOOK_SECRET is not set");
            System.exit(2);
        }
        StandardWebhooksReceiver receiver = start(port, secret, recordFile);
        System.out.println("listening on http://127.0.0.1:" + receiver.port());
    }
}
