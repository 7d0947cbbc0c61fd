package io.keycloakhooks.delivery;

import io.keycloakhooks.runtime.HooksRuntime;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/** Wakes this node's dispatcher when the session's transaction commits, so new messages go out without a poll delay. */
public final class AfterCommitNudge extends AbstractKeycloakTransaction {

    private final HooksRuntime runtime;

    private AfterCommitNudge(HooksRuntime runtime) {
        this.runtime = runtime;
    }

    public static void enlist(KeycloakSession session) {
        session.getTransactionManager().enlistAfterCompletion(new AfterCommitNudge(session.getProvider(HooksRuntime.class)));
    }

    @Override
    protected void commitImpl() {
        runtime.nudgeDispatchers().run();
    }

    @Override
    protected void rollbackImpl() {
    }
}
