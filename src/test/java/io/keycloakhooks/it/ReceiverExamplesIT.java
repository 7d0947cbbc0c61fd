package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;
import receiver.StandardWebhooksReceiver;

/**
 * The receiver examples of docs/receivers.md (Node with the {@code standardwebhooks} npm package, Python with
 * the standard library's {@code hmac}, Java with {@code com.standardwebhooks:standardwebhooks}) against real
 * deliveries from a real Keycloak: the Node and Python receivers run as real processes from
 * {@code src/test/receivers}, the Java one in this JVM. Each gets a webhook with its secret and one whose secret
 * differs; the test action and a real {@code user.created} (through the outbox) must be verified and recorded
 * by the receiver and logged as delivered, the other webhook's requests answered 401 and logged as failed.
 * Node, npm and python3 must be on the PATH: without them the test fails (it does not skip).
 */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class ReceiverExamplesIT {

    static final Path RECEIVERS = Path.of("src", "test", "receivers").toAbsolutePath();
    static final Path WORK = Path.of("target", "receiver-examples").toAbsolutePath();
    static final Duration WAIT = Duration.ofSeconds(20);
    static final ObjectMapper JSON = new ObjectMapper();
    static final SecureRandom RANDOM = new SecureRandom();
    static volatile boolean npmInstalled;

    @InjectRealm
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak masterAdmin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    AdminHttp http;
    String token;
    final List<AutoCloseable> running = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        http = new AdminHttp(urls.getBase());
        token = masterAdmin.tokenManager().getAccessTokenString();
        Files.createDirectories(WORK);
    }

    @AfterEach
    void tearDown() throws Exception {
        realm.admin().toRepresentation().getAttributes().keySet().stream()
                .filter(name -> name.startsWith("hooks.webhook."))
                .forEach(name -> http.hooks("DELETE", realm.getName(), "webhooks/" + name.substring(14), token, null));
        for (AutoCloseable receiver : running) {
            receiver.close();
        }
    }

    @Test
    void nodeReceiverVerifiesRealDeliveries() throws Exception {
        String node = executable("node", "Node.js (e.g. apt-get install nodejs)");
        String npm = executable("npm", "npm (e.g. apt-get install npm)");
        Path folder = RECEIVERS.resolve("node");
        if (!npmInstalled) {
            run(folder, WORK.resolve("npm-ci.log"), Duration.ofSeconds(180), npm, "ci", "--no-audit", "--no-fund");
            npmInstalled = true;
        }
        String secret = newSecret();
        Receiver receiver = startProcess("node", secret, folder, node, "receiver.js");
        assertReceiverVerifiesRealDeliveries("node", receiver, secret);
    }

    @Test
    void pythonReceiverVerifiesRealDeliveries() throws Exception {
        String python = executable("python3", "Python 3 (e.g. apt-get install python3)");
        String secret = newSecret();
        Receiver receiver = startProcess("python", secret, RECEIVERS.resolve("python"), python, "receiver.py");
        assertReceiverVerifiesRealDeliveries("python", receiver, secret);
    }

    @Test
    void javaReceiverVerifiesRealDeliveries() throws Exception {
        String secret = newSecret();
        Path records = recordFile("java");
        StandardWebhooksReceiver server = StandardWebhooksReceiver.start(0, secret, records);
        running.add(server);
        Receiver receiver = new Receiver("http://127.0.0.1:" + server.port() + "/webhooks", records, () -> "");
        assertReceiverVerifiesRealDeliveries("java", receiver, secret);
    }

    /**
     * One webhook with the receiver's secret and one with another secret, both for {@code user.created}: the
     * test action and a real admin-created user.
     */
    private void assertReceiverVerifiesRealDeliveries(String name, Receiver receiver, String secret) throws Exception {
        String good = name + "-signed";
        String wrong = name + "-wrong-secret";
        createWebhook(good, receiver.url(), secret);
        createWebhook(wrong, receiver.url(), newSecret());

        JsonNode test = http.hooks("POST", realm.getName(), "webhooks/" + good + "/test", token, null).json();
        assertTrue(test.get("success").asBoolean(), name + " receiver refused the test message: " + test + receiver.log());
        assertEquals(204, test.get("status").asInt(), test.toString());
        awaitRecord(receiver, test.get("messageId").asText(), "webhook.test");

        JsonNode refused = http.hooks("POST", realm.getName(), "webhooks/" + wrong + "/test", token, null).json();
        assertFalse(refused.get("success").asBoolean(), "a wrong secret must not verify: " + refused);
        assertEquals(401, refused.get("status").asInt(), refused.toString());

        UserRepresentation user = new UserRepresentation();
        user.setUsername(name + "-receiver-user");
        user.setEmail(name + "@receivers.test");
        user.setEnabled(true);
        try (Response created = realm.admin().users().create(user)) {
            assertEquals(201, created.getStatus());
        }

        JsonNode delivered = awaitDelivery(good, m -> m.get("status").asText().equals("delivered"), receiver);
        assertEquals("user.created", delivered.get("type").asText());
        assertEquals(204, delivered.get("attempts").get(0).get("status").asInt(), delivered.toString());
        awaitRecord(receiver, delivered.get("id").asText(), "user.created");

        JsonNode failed = awaitDelivery(wrong, m -> m.get("status").asText().equals("failed"), receiver);
        assertEquals("receiver answered HTTP 401", failed.get("lastError").asText(), failed.toString());
        for (JsonNode attempt : failed.get("attempts")) {
            assertEquals(401, attempt.get("status").asInt(), failed.toString());
        }

        List<JsonNode> records = records(receiver);
        assertEquals(2, records.size(), "only the two verified messages are recorded: " + records);
    }

    private void createWebhook(String id, String url, String secret) {
        AdminHttp.Response created = http.hooks("POST", realm.getName(), "webhooks", token, """
                {"id": "%s", "url": "%s", "events": ["user.created"], "secret": "%s"}
                """.formatted(id, url, secret));
        assertEquals(201, created.status(), created.body());
    }

    private JsonNode awaitDelivery(String webhook, Predicate<JsonNode> match, Receiver receiver) {
        JsonNode[] log = {null};
        JsonNode[] found = {null};
        Polls.until(() -> {
            AdminHttp.Response response = http.getHooks(realm.getName(), "webhooks/" + webhook + "/deliveries", token);
            assertEquals(200, response.status(), response.body());
            log[0] = response.json();
            for (JsonNode message : log[0]) {
                if (match.test(message)) {
                    found[0] = message;
                    return true;
                }
            }
            return false;
        }, WAIT);
        if (found[0] != null) {
            return found[0];
        }
        throw new AssertionError("no matching message in " + webhook + "'s delivery log within " + WAIT + ": " + log[0]
                + receiver.log());
    }

    private void awaitRecord(Receiver receiver, String id, String type) {
        Polls.until(() -> records(receiver).stream().anyMatch(r -> r.get("id").asText().equals(id)), WAIT);
        List<JsonNode> records = records(receiver);
        for (JsonNode record : records) {
            if (record.get("id").asText().equals(id)) {
                assertEquals(type, record.get("type").asText(), record.toString());
                return;
            }
        }
        throw new AssertionError("the receiver did not record message " + id + " (" + type + "): " + records + receiver.log());
    }

    private static List<JsonNode> records(Receiver receiver) {
        try {
            if (!Files.exists(receiver.records())) {
                return List.of();
            }
            List<JsonNode> records = new ArrayList<>();
            for (String line : Files.readAllLines(receiver.records())) {
                if (!line.isBlank()) {
                    records.add(JSON.readTree(line));
                }
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts an example receiver as a real process: {@code command... <port> <record-file>} with WEBHOOK_SECRET set. */
    private Receiver startProcess(String name, String secret, Path folder, String... command) throws Exception {
        int port = freePort();
        Path records = recordFile(name);
        Path log = WORK.resolve(name + ".log");
        List<String> args = new ArrayList<>(List.of(command));
        args.add(String.valueOf(port));
        args.add(records.toString());
        ProcessBuilder builder = new ProcessBuilder(args).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("WEBHOOK_SECRET", secret);
        Process process = builder.start();
        running.add(() -> {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        });
        Receiver receiver = new Receiver("http://127.0.0.1:" + port + "/webhooks", records, () -> readLog(log));
        Polls.until(() -> !process.isAlive() || accepts(port), WAIT);
        if (!accepts(port)) {
            fail(process.isAlive() ? name + " receiver does not listen on port " + port + " within " + WAIT + receiver.log()
                    : name + " receiver exited with " + process.exitValue() + receiver.log());
        }
        return receiver;
    }

    private static void run(Path folder, Path log, Duration timeout, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " in " + folder + " did not finish within " + timeout + "\n" + readLog(log));
        }
        if (process.exitValue() != 0) {
            fail(String.join(" ", command) + " in " + folder + " failed with " + process.exitValue() + "\n" + readLog(log));
        }
    }

    /** The executable's path; fails (no skip) when it is not on the PATH. */
    private static String executable(String name, String install) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        fail("'" + name + "' is not on the PATH: ReceiverExamplesIT runs the receiver examples of docs/receivers.md"
                + " as real processes; install " + install);
        return null;
    }

    private static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static Path recordFile(String name) throws IOException {
        Path records = WORK.resolve(name + "-received.jsonl");
        Files.deleteIfExists(records);
        return records;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.exists(log) ? "\n--- " + log + " ---\n" + Files.readString(log) : "";
        } catch (IOException e) {
            return "\n(" + log + ": " + e + ")";
        }
    }

    /** A running receiver: where it listens, its record file, and its output for failure messages. */
    record Receiver(String url, Path records, java.util.function.Supplier<String> logSupplier) {
        String log() {
            return logSupplier.get();
        }
    }
}
