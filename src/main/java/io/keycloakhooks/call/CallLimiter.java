package io.keycloakhooks.call;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Concurrent-call permits per realm and lane. Taking a permit never waits: at the limit the call is refused at
 * once. A realm has an entry only while it has calls in flight (removed when its count returns to 0), so realms
 * that come and go leave nothing behind.
 */
public final class CallLimiter {

    private final Map<CallLane, Integer> limits;
    private final ConcurrentHashMap<Key, Integer> inFlight = new ConcurrentHashMap<>();

    /** @param limits the most concurrent calls one realm may have in each lane (every lane, each at least 1) */
    public CallLimiter(Map<CallLane, Integer> limits) {
        EnumMap<CallLane, Integer> copy = new EnumMap<>(CallLane.class);
        for (CallLane lane : CallLane.values()) {
            int limit = Objects.requireNonNull(limits.get(lane), () -> "no limit for lane " + lane);
            if (limit < 1) {
                throw new IllegalArgumentException(lane.option() + " must be at least 1");
            }
            copy.put(lane, limit);
        }
        this.limits = copy;
    }

    public int limit(CallLane lane) {
        return limits.get(lane);
    }

    /** Takes a permit if the realm has one free in the lane; every true must be followed by one {@link #release}. */
    public boolean tryAcquire(CallLane lane, String realmId) {
        int limit = limits.get(lane);
        boolean[] acquired = {false};
        inFlight.compute(new Key(lane, realmId), (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= limit) {
                return count;
            }
            acquired[0] = true;
            return current + 1;
        });
        return acquired[0];
    }

    public void release(CallLane lane, String realmId) {
        inFlight.computeIfPresent(new Key(lane, realmId), (key, count) -> count <= 1 ? null : count - 1);
    }

    /** The realm's calls in flight in the lane. */
    public int inFlight(CallLane lane, String realmId) {
        return inFlight.getOrDefault(new Key(lane, realmId), 0);
    }

    /** The realms whose every permit of the lane is taken right now (a snapshot). */
    public Set<String> realmsAtLimit(CallLane lane) {
        int limit = limits.get(lane);
        return inFlight.entrySet().stream()
                .filter(e -> e.getKey().lane() == lane && e.getValue() >= limit)
                .map(e -> e.getKey().realmId())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** How many (realm, lane) entries exist: only those with calls in flight. */
    int entries() {
        return inFlight.size();
    }

    private record Key(CallLane lane, String realmId) {
    }
}
