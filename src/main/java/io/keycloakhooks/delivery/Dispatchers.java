package io.keycloakhooks.delivery;

import java.util.List;

/**
 * This node's dispatchers once they run (one, unless a test asks for competing instances). The first one also
 * takes committed messages straight from the transaction that wrote them ({@link AfterCommitDelivery}).
 */
public final class Dispatchers {

    private volatile List<Dispatcher> running = List.of();

    public boolean started() {
        return !running.isEmpty();
    }

    public void start(List<Dispatcher> dispatchers) {
        dispatchers.forEach(Dispatcher::start);
        running = List.copyOf(dispatchers);
    }

    public void stop() {
        running.forEach(Dispatcher::stop);
    }

    /** Wakes every dispatcher now instead of at its next poll. */
    public void nudge() {
        running.forEach(Dispatcher::nudge);
    }

    /** The dispatcher that takes messages handed over after commit, or null before start. */
    Dispatcher handoffTaker() {
        List<Dispatcher> current = running;
        return current.isEmpty() ? null : current.get(0);
    }
}
