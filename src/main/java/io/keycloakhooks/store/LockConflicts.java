package io.keycloakhooks.store;

import java.sql.SQLException;
import java.util.Set;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;

/**
 * Whether a database failure means "another transaction holds or just changed the row": a lock wait that timed
 * out, a deadlock victim, a serialization failure, a row another transaction updated or deleted first. For a hook write that is a concurrent write of the same hook, which the admin
 * API answers with 409 like the other lost race (the same revision written twice), not with 500.
 */
final class LockConflicts {

    /**
     * H2 lock timeout and concurrent update of a row another transaction changed, the standard serialization
     * failure (H2, MySQL, MariaDB, SQL Server deadlocks), PostgreSQL deadlock and lock not available, Oracle deadlock.
     */
    private static final Set<String> SQL_STATES = Set.of("HYT00", "90131", "40001", "40P01", "55P03", "61000");
    /** MySQL/MariaDB lock wait timeout and deadlock; SQL Server lock timeout and deadlock; Oracle ORA-00060. */
    private static final Set<Integer> ERROR_CODES = Set.of(1205, 1213, 1222, 60);

    private LockConflicts() {
    }

    static boolean isLockConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // optimistic: a row this write updates or deletes was changed by a transaction that committed first
            if (t instanceof LockTimeoutException || t instanceof PessimisticLockException
                    || t instanceof OptimisticLockException) {
                return true;
            }
            if (t instanceof SQLException sql && (sql.getSQLState() != null && SQL_STATES.contains(sql.getSQLState())
                    || ERROR_CODES.contains(sql.getErrorCode()) && !"23000".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
