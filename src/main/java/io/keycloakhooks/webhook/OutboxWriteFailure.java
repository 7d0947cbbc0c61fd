package io.keycloakhooks.webhook;

import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * What a failed outbox write does to the transaction it ran in. Keycloak's event builder swallows a listener's
 * exception, so without this the change would commit without its messages (or, on PostgreSQL, where the failed
 * statement aborts the transaction, be lost with a success answer).
 * <ul>
 * <li>The request's own transaction (user events other than errors, admin events): a participant of the prepare
 * phase whose commit throws, so the whole transaction rolls back and Keycloak answers with an error.
 * {@code setRollbackOnly} alone would roll back silently after a 201 or a token had been answered.</li>
 * <li>Keycloak's error-event transaction (every {@code *_ERROR} event: {@code EventBuilder.error} sends it in a
 * transaction of its own): rollback only, so the event is not stored either, and the user's answer (an
 * {@code invalid_grant}, an error page) stays as it was; a throwing commit would escape from
 * {@code EventBuilder.error} into the request and change that answer.</li>
 * </ul>
 */
final class OutboxWriteFailure extends AbstractKeycloakTransaction {

    private static final Logger LOG = Logger.getLogger(OutboxWriteFailure.class);
    private static final String ENLISTED = OutboxWriteFailure.class.getName();

    private final String event;
    private final RuntimeException failure;

    OutboxWriteFailure(String event, RuntimeException failure) {
        this.event = event;
        this.failure = failure;
    }

    /** @param event what failed, for the log and the exception, e.g. {@code LOGIN} or {@code admin CREATE USER} */
    static void failTransaction(KeycloakSession session, String event, boolean errorEventTransaction,
            RuntimeException failure) {
        if (errorEventTransaction) {
            LOG.errorf(failure, "Webhook messages of the error event %s could not be written to the outbox;"
                    + " Keycloak's error-event transaction is rolled back, the event is not stored either", event);
            session.getTransactionManager().setRollbackOnly();
            return;
        }
        LOG.errorf(failure, "Webhook messages of %s could not be written to the outbox; the change is rolled back"
                + " and the request fails", event);
        if (session.getAttribute(ENLISTED) == null) {
            session.setAttribute(ENLISTED, Boolean.TRUE);
            session.getTransactionManager().enlistPrepare(new OutboxWriteFailure(event, failure));
        }
    }

    @Override
    protected void commitImpl() {
        throw new IllegalStateException("webhook messages of " + event + " could not be written to the outbox,"
                + " so nothing of the change is committed", failure);
    }

    @Override
    protected void rollbackImpl() {
    }
}
