package io.keycloakhooks.it;

import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * {@link OutboxWriteFailures} on PostgreSQL, where a refused statement also aborts the rest of the transaction: on
 * the database of {@link CrashRecoveryPostgresIT} (emptied first; the two never run at once).
 */
class OutboxWriteFailurePostgresIT extends OutboxWriteFailures {

    private static final String[] TYPES = {"user.created", "user.authenticated", "user.failedAuthentication"};

    @Override
    List<String> freshDatabaseOptions() {
        Assumptions.assumeFalse(Boolean.getBoolean("hooks.pg.skip"), "PostgreSQL is off");
        PostgresServerConfig.execute(CrashRecoveryPostgresIT.CRASH_DB,
                "drop schema if exists public cascade; create schema public");
        return List.of("--db=postgres", "--db-url=" + CrashRecoveryPostgresIT.CRASH_DB,
                "--db-username=" + System.getProperty("kc.test.database.user"),
                "--db-password=" + System.getProperty("kc.test.database.password"));
    }

    @Override
    void refuseMessagesOf(String type) {
        PostgresServerConfig.execute(CrashRecoveryPostgresIT.CRASH_DB, "alter table hooks_message add constraint "
                + constraint(type) + " check (event_type <> '" + type + "') not valid");
    }

    @Override
    void acceptAllMessages() {
        for (String type : TYPES) {
            PostgresServerConfig.execute(CrashRecoveryPostgresIT.CRASH_DB,
                    "alter table hooks_message drop constraint if exists " + constraint(type));
        }
    }

    private static String constraint(String type) {
        return "hooks_test_refuse_" + type.replace('.', '_').toLowerCase();
    }
}
