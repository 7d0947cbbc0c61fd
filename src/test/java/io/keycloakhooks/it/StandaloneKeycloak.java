package io.keycloakhooks.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Keycloak distribution with the shipped jar, run as a process of its own (not through the test framework),
 * so a test can kill it with SIGKILL and start it again on the same database. Unpacked once into
 * {@code target/standalone-keycloak}.
 */
final class StandaloneKeycloak {

    private static final Path HOME = Path.of("target", "standalone-keycloak").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;
    private final List<String> options;
    private Process process;

    StandaloneKeycloak(int port, List<String> options) {
        this.port = port;
        this.options = List.copyOf(options);
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    void start() throws IOException, InterruptedException {
        Path dist = unpacked();
        Files.copy(Path.of(System.getProperty("shipped.jar")), dist.resolve("providers/keycloak-hooks.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of(dist.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + port, "--http-management-port=" + (port + 1000), "--cache=local",
                "--bootstrap-admin-username=admin", "--bootstrap-admin-password=admin"));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(HOME.resolve("keycloak-" + port + ".log").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        process = builder.start();
        Polls.until(() -> !process.isAlive() || ready(), Duration.ofSeconds(180));
        if (!process.isAlive()) {
            throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log());
        }
        if (!ready()) {
            throw new IllegalStateException("Keycloak did not start within 180 s; see " + log());
        }
    }

    /** Like a crashed machine: SIGKILL to Keycloak and everything it started, no shutdown hooks. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private Path log() {
        return HOME.resolve("keycloak-" + port + ".log");
    }

    private boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static synchronized Path unpacked() throws IOException, InterruptedException {
        String version = System.getProperty("keycloak.server.version");
        Path dist = HOME.resolve("keycloak-" + version);
        if (Files.isDirectory(dist.resolve("bin"))) {
            return dist;
        }
        Path zip = Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "keycloak",
                "keycloak-quarkus-dist", version, "keycloak-quarkus-dist-" + version + ".zip");
        if (!Files.isRegularFile(zip)) {
            throw new UncheckedIOException(new IOException(zip + " is missing: the test framework downloads it first"));
        }
        Files.createDirectories(HOME);
        Process jar = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jar").toString(), "xf",
                zip.toString()).directory(HOME.toFile()).inheritIO().start();
        if (jar.waitFor() != 0) {
            throw new IOException("could not unpack " + zip);
        }
        dist.resolve("bin/kc.sh").toFile().setExecutable(true);
        return dist;
    }
}
