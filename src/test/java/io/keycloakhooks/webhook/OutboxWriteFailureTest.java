package io.keycloakhooks.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutboxWriteFailureTest {

    @Test
    void itsCommitFailsWithTheWriteFailureAsCause() {
        RuntimeException insert = new RuntimeException("Value too long for column \"ISSUER\"");
        OutboxWriteFailure participant = new OutboxWriteFailure("LOGIN", insert);
        participant.begin();

        IllegalStateException failed = assertThrows(IllegalStateException.class, participant::commit);

        assertSame(insert, failed.getCause());
        assertTrue(failed.getMessage().contains("LOGIN"), failed.getMessage());
    }

    @Test
    void itsRollbackDoesNotFail() {
        OutboxWriteFailure participant = new OutboxWriteFailure("admin CREATE USER", new RuntimeException("refused"));
        participant.begin();
        assertDoesNotThrow(participant::rollback);
    }
}
