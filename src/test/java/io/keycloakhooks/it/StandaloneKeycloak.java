package io.keycloakhooks.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Keycloak distribution with the shipped jar, run as a process of its own (not through the test framework),
 * so a test can kill it with SIGKILL and start it again on the same database: in {@code start-dev} mode on the
 * distribution unpacked once into {@code target/standalone-keycloak}, or as a production-mode cluster node
 * ({@link #clusterNode}) on a home of its own that {@link #builtHome} prepared.
 */
final class StandaloneKeycloak {

    private static final Path HOME = Path.of("target", "standalone-keycloak").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    private final int port;
    private final int managementPort;
    private final Path dist;
    private final List<String> command;
    private final Map<String, String> environment;
    private Process process;

    private StandaloneKeycloak(int port, int managementPort, Path dist, List<String> command,
            Map<String, String> environment) {
        this.port = port;
        this.managementPort = managementPort;
        this.dist = dist;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
    }

    /** {@code start-dev} on the shared unpacked distribution, management port {@code port + 1000}, local caches. */
    StandaloneKeycloak(int port, List<String> options) {
        this(port, port + 1000, null, devCommand(port, options), Map.of());
    }

    private static List<String> devCommand(int port, List<String> options) {
        List<String> command = new ArrayList<>(List.of("start-dev",
                "--http-port=" + port, "--http-management-port=" + (port + 1000), "--cache=local",
                "--bootstrap-admin-username=admin", "--bootstrap-admin-password=admin"));
        command.addAll(options);
        return command;
    }

    /**
     * A production-mode node ({@code start --optimized}, plain HTTP, embedded Infinispan caches) of a cluster on
     * one database: JGroups on 127.0.0.1 at {@code jgroupsPort}, its members found through the database.
     */
    static StandaloneKeycloak clusterNode(Path home, int port, int managementPort, int jgroupsPort, List<String> options,
            Map<String, String> environment) {
        List<String> command = new ArrayList<>(List.of("start", "--optimized", "--http-enabled=true",
                "--hostname-strict=false", "--cache=ispn", "--http-port=" + port,
                "--http-management-port=" + managementPort,
                "--bootstrap-admin-username=admin", "--bootstrap-admin-password=admin"));
        command.addAll(options);
        Map<String, String> env = new HashMap<>(environment);
        env.put("JAVA_OPTS_APPEND", "-Djgroups.bind.address=127.0.0.1 -Djgroups.bind.port=" + jgroupsPort);
        return new StandaloneKeycloak(port, managementPort, home, command, env);
    }

    /**
     * A Keycloak home of its own under {@code target/standalone-keycloak/<name>} with the shipped jar in
     * {@code providers/}, built ({@code kc.sh build}) with {@code buildOptions}; a home of that name is built
     * again each time.
     */
    static Path builtHome(String name, List<String> buildOptions) throws IOException, InterruptedException {
        Path home = HOME.resolve(name);
        deleteTree(home);
        copyTree(unpacked(), home); // without data/: that is the start-dev server's
        Files.copy(Path.of(System.getProperty("shipped.jar")), home.resolve("providers/keycloak-hooks.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        List<String> build = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
        build.addAll(buildOptions);
        Path log = HOME.resolve(name + "-build.log");
        ProcessBuilder builder = new ProcessBuilder(build).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("kc.sh build failed; see " + log);
        }
        return home;
    }

    /** A second home: a copy of a built one (what a deployment's second machine gets). */
    static Path copyOfHome(Path home, String name) throws IOException {
        Path copy = HOME.resolve(name);
        deleteTree(copy);
        copyTree(home, copy);
        return copy;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** The management interface ({@code /metrics}, {@code /health}). */
    String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    /** The server's log so far. */
    String logText() throws IOException {
        return Files.exists(log()) ? Files.readString(log()) : "";
    }

    void start() throws IOException, InterruptedException {
        Path home = dist != null ? dist : unpacked();
        if (dist == null) {
            Files.copy(Path.of(System.getProperty("shipped.jar")), home.resolve("providers/keycloak-hooks.jar"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> full = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString()));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(log().toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        process = builder.start();
        Polls.until(() -> !process.isAlive() || ready(), START_TIMEOUT);
        if (!process.isAlive()) {
            throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log());
        }
        if (!ready()) {
            throw new IllegalStateException("Keycloak did not start within " + START_TIMEOUT + "; see " + log());
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
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

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path relative = from.relativize(source);
                if (relative.startsWith("data")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
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
