package io.keycloakhooks.delivery;

import java.util.ArrayList;
import java.util.List;

import io.keycloakhooks.outbox.MessageEntity;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * Delivery of what the session's transaction wrote to the outbox, once it commits. A new message is written
 * already leased to this node's dispatcher while it has room, and handed to it in memory after the commit: no
 * claim round trip, and if the node dies first the lease runs out and any node claims the message. Other
 * messages (the dispatcher is busy, or a redelivery) are claimed; the commit wakes the dispatchers for them.
 */
public final class AfterCommitDelivery extends AbstractKeycloakTransaction {

    private final Dispatchers dispatchers;
    private final Dispatcher taker;
    private final List<MessageEntity> handOff = new ArrayList<>();
    private boolean claimNeeded;

    private AfterCommitDelivery(Dispatchers dispatchers) {
        this.dispatchers = dispatchers;
        this.taker = dispatchers.handoffTaker();
    }

    public static AfterCommitDelivery enlist(KeycloakSession session, Dispatchers dispatchers) {
        AfterCommitDelivery delivery = new AfterCommitDelivery(dispatchers);
        session.getTransactionManager().enlistAfterCompletion(delivery);
        return delivery;
    }

    /** Call before the message is persisted: it may be leased for a hand-off. */
    public void add(MessageEntity message) {
        if (taker != null && taker.leaseForHandoff(message)) {
            handOff.add(message);
        } else {
            claimNeeded = true;
        }
    }

    /** Something was queued that a dispatcher has to claim (a redelivery). */
    public void claimNeeded() {
        claimNeeded = true;
    }

    @Override
    protected void commitImpl() {
        if (!handOff.isEmpty()) {
            taker.handOff(handOff);
        }
        if (claimNeeded) {
            dispatchers.nudge();
        }
    }

    @Override
    protected void rollbackImpl() {
        if (!handOff.isEmpty()) {
            taker.release(handOff.size());
        }
    }
}
