package io.keycloakhooks.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * {@link HooksServerConfig} with three dispatchers competing for the outbox, for the {@code *PostgresIT} classes:
 * Failsafe's {@code postgres} execution points the test framework's remote database at PostgreSQL
 * ({@code kc.test.database.*}). The schema is emptied first, so Keycloak creates it anew, and the outbox tables
 * through the shipped Liquibase changelog.
 */
public class PostgresServerConfig implements KeycloakServerConfig {

    public static final int DISPATCHERS = 3;

    /** The framework asks for the configuration before every test; the database is emptied only before the first. */
    private static final AtomicBoolean EMPTIED = new AtomicBoolean();

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        if (EMPTIED.compareAndSet(false, true)) {
            execute("drop schema if exists public cascade; create schema public");
        }
        return new HooksServerConfig().configure(config)
                .option("spi-hooks--default--dispatcher-instances", String.valueOf(DISPATCHERS));
    }

    /** Runs SQL on the test database, e.g. to install a trigger. */
    public static void execute(String sql) {
        execute(System.getProperty("kc.test.database.url"), sql);
    }

    /** Runs SQL on the database at {@code url}, with the test database's user. */
    public static void execute(String url, String sql) {
        if (url == null) {
            throw new IllegalStateException("run *PostgresIT through Failsafe's postgres execution (./mvnw verify)");
        }
        try (Connection connection = DriverManager.getConnection(url, System.getProperty("kc.test.database.user"),
                System.getProperty("kc.test.database.password"));
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + " is needed for this test (the build starts one "
                    + "in pre-integration-test: run it through ./mvnw verify): " + e.getMessage(), e);
        }
    }
}
