package io.keycloakhooks.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.keycloakhooks.transport.HookResponse;

/**
 * Deliveries refused because their realm's webhook calls were at the limit, held in memory (leased, holding no
 * worker) until a call of that realm ends: the worker that ends it sends the realm's longest-waiting delivery next.
 * One that waits {@code maxWaitMillis} without a call of its realm ending goes back to the outbox (its permits may
 * be held by another dispatcher or by receivers that hang), as does every refusal while {@code capacity} deliveries
 * wait. The wait is short next to the lease, which outlasts one call plus it. Thread-safe.
 */
final class PermitWaits {

    /** A delivery waiting since {@code since}; {@code refusal} is what it comes to if it waits too long. */
    record Waiting(DeliveryJob job, HookResponse refusal, long since) {
    }

    private final int capacity;
    private final long maxWaitMillis;
    private final Map<String, ArrayDeque<Waiting>> byRealm = new HashMap<>();
    private int size;

    PermitWaits(int capacity, long maxWaitMillis) {
        this.capacity = capacity;
        this.maxWaitMillis = maxWaitMillis;
    }

    /** @return false when {@code capacity} deliveries wait already: the refusal stands */
    synchronized boolean offer(DeliveryJob job, HookResponse refusal, long now) {
        if (size >= capacity) {
            return false;
        }
        byRealm.computeIfAbsent(job.realmId(), realm -> new ArrayDeque<>()).add(new Waiting(job, refusal, now));
        size++;
        return true;
    }

    /** The realm's longest-waiting delivery, taken by the worker whose call of that realm just ended. */
    synchronized Optional<DeliveryJob> next(String realmId) {
        ArrayDeque<Waiting> waiting = byRealm.get(realmId);
        if (waiting == null) {
            return Optional.empty();
        }
        Waiting first = waiting.poll();
        if (waiting.isEmpty()) {
            byRealm.remove(realmId);
        }
        size--;
        return Optional.of(first.job());
    }

    /** Takes out every delivery that has waited {@code maxWaitMillis} or longer. */
    synchronized List<Waiting> expired(long now) {
        List<Waiting> expired = new ArrayList<>();
        for (Iterator<ArrayDeque<Waiting>> realms = byRealm.values().iterator(); realms.hasNext(); ) {
            ArrayDeque<Waiting> waiting = realms.next();
            while (!waiting.isEmpty() && now - waiting.peek().since() >= maxWaitMillis) {
                expired.add(waiting.poll());
            }
            if (waiting.isEmpty()) {
                realms.remove();
            }
        }
        size -= expired.size();
        return expired;
    }

    /** When the longest wait runs out; {@link Long#MAX_VALUE} when nothing waits. */
    synchronized long nextExpiry() {
        long first = Long.MAX_VALUE;
        for (ArrayDeque<Waiting> waiting : byRealm.values()) {
            first = Math.min(first, waiting.peek().since() + maxWaitMillis);
        }
        return first;
    }

    synchronized int size() {
        return size;
    }
}
