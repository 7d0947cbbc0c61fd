package io.keycloakhooks.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link OutboxWriteFailures} on H2: Keycloak's dev-file database in a file of its own, opened with
 * {@code AUTO_SERVER=TRUE} so that this test can change its schema while Keycloak holds it (the test framework's
 * dev-file URL does not allow a second process in).
 */
class OutboxWriteFailureIT extends OutboxWriteFailures {

    private static final Path DIR = Path.of("target", "outbox-write-failure-h2").toAbsolutePath();
    private static final String URL = "jdbc:h2:file:" + DIR + "/keycloakdb;NON_KEYWORDS=VALUE;AUTO_SERVER=TRUE";
    private static final String[] TYPES = {"user.created", "user.authenticated", "user.failedAuthentication"};

    @Override
    List<String> freshDatabaseOptions() throws IOException {
        if (Files.exists(DIR)) {
            try (Stream<Path> walk = Files.walk(DIR)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return List.of("--db=dev-file", "--db-url=" + URL, "--db-username=sa", "--db-password=password");
    }

    @Override
    void refuseMessagesOf(String type) {
        execute("alter table HOOKS_MESSAGE add constraint " + constraint(type) + " check (EVENT_TYPE <> '" + type
                + "') nocheck");
    }

    @Override
    void acceptAllMessages() {
        for (String type : TYPES) {
            execute("alter table HOOKS_MESSAGE drop constraint if exists " + constraint(type));
        }
    }

    private static String constraint(String type) {
        return "HOOKS_TEST_REFUSE_" + type.replace('.', '_').toUpperCase();
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(URL, "sa", "password");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
