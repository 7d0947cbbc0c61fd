package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A receiver script of {@code src/test/receivers/node} run as a real Node process: {@code node <script> <port>
 * <record-file>} with the given environment, dependencies installed once per JVM with {@code npm ci} from the
 * committed lockfile. The script appends one JSON line per request it accepts to the record file.
 */
final class NodeReceiver implements AutoCloseable {

    static final Path FOLDER = Path.of("src", "test", "receivers", "node").toAbsolutePath();
    static final Path WORK = Path.of("target", "node-receivers").toAbsolutePath();
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile boolean installed;

    private final Process process;
    private final int port;
    private final Path records;
    private final Path log;

    private NodeReceiver(Process process, int port, Path records, Path log) {
        this.process = process;
        this.port = port;
        this.records = records;
        this.log = log;
    }

    static NodeReceiver start(String script, Map<String, String> env) throws Exception {
        Files.createDirectories(WORK);
        String node = executable("node");
        if (!installed) {
            Path npmLog = WORK.resolve("npm-ci.log");
            Process npm = new ProcessBuilder(executable("npm"), "ci", "--no-audit", "--no-fund").directory(FOLDER.toFile())
                    .redirectErrorStream(true).redirectOutput(npmLog.toFile()).start();
            if (!npm.waitFor(180, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                fail("npm ci failed in " + FOLDER + read(npmLog));
            }
            installed = true;
        }
        int port = freePort();
        String name = script.replace(".js", "");
        Path records = WORK.resolve(name + "-received.jsonl");
        Files.deleteIfExists(records);
        Path log = WORK.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(node, script, String.valueOf(port), records.toString())
                .directory(FOLDER.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        NodeReceiver receiver = new NodeReceiver(builder.start(), port, records, log);
        Polls.until(() -> !receiver.process.isAlive() || accepts(port), WAIT);
        if (!accepts(port)) {
            receiver.close();
            fail(script + " does not listen on port " + port + receiver.log());
        }
        return receiver;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Every request the script accepted, in order. */
    List<JsonNode> records() {
        try {
            List<JsonNode> result = new ArrayList<>();
            if (Files.exists(records)) {
                for (String line : Files.readAllLines(records)) {
                    if (!line.isBlank()) {
                        result.add(JSON.readTree(line));
                    }
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first record matching, waiting for it; fails with every record and the script's output. */
    JsonNode await(java.util.function.Predicate<JsonNode> match, String what) {
        Polls.until(() -> records().stream().anyMatch(match), WAIT);
        return records().stream().filter(match).findFirst()
                .orElseThrow(() -> new AssertionError("the receiver got no " + what + ": " + records() + log()));
    }

    String log() {
        return read(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? "\n--- " + file + " ---\n" + Files.readString(file) : "";
        } catch (IOException e) {
            return "\n(" + file + ": " + e + ")";
        }
    }

    private static String executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        fail("'" + name + "' is not on the PATH: the format receivers run as real Node processes");
        return null;
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
}
