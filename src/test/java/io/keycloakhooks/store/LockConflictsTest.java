package io.keycloakhooks.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.Test;

class LockConflictsTest {

    /** How Keycloak hands a failed flush on: its own exception around Hibernate's around the driver's. */
    static RuntimeException wrapped(SQLException driver) {
        return new IllegalStateException("Database operation failed", new PersistenceException("could not execute", driver));
    }

    @Test
    void lockTimeoutsDeadlocksAndSerializationFailuresAreConflicts() {
        assertTrue(LockConflicts.isLockConflict(wrapped(new SQLException("Timeout trying to lock table", "HYT00", 50200))));
        assertTrue(LockConflicts.isLockConflict(wrapped(new SQLException("Concurrent update to table", "90131", 90131))));
        assertTrue(LockConflicts.isLockConflict(wrapped(new SQLException("deadlock detected", "40P01"))));
        assertTrue(LockConflicts.isLockConflict(wrapped(new SQLException("could not obtain lock", "55P03"))));
        assertTrue(LockConflicts.isLockConflict(wrapped(new SQLException("Deadlock found", "40001", 1213))));
        assertTrue(LockConflicts.isLockConflict(wrapped(new SQLException("Lock wait timeout exceeded", "HY000", 1205))));
        assertTrue(LockConflicts.isLockConflict(wrapped(new SQLException("Lock request time out period exceeded", "S0001", 1222))));
        assertTrue(LockConflicts.isLockConflict(new PersistenceException(new LockTimeoutException("timeout"))));
        // Keycloak's answer to Hibernate's "row was updated or deleted by another transaction"
        assertTrue(LockConflicts.isLockConflict(new IllegalStateException("Database operation failed",
                new jakarta.persistence.OptimisticLockException("Batch update returned unexpected row count"))));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(LockConflicts.isLockConflict(wrapped(new SQLException("Connection refused", "08001"))));
        assertFalse(LockConflicts.isLockConflict(wrapped(new SQLException("Value too long for column", "22001", 22001))));
        assertFalse(LockConflicts.isLockConflict(new IllegalStateException("no cause")));
    }
}
