package io.keycloakhooks.claims;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Claims of JWT prehooks kept for their {@code cacheTtlSeconds} (docs/jwt-claims.md), per hook, user, client and scope. Only
 * successful answers are kept. Bounded: past {@code maxEntries} the least recently used entry goes. One lock guards
 * the map; each operation is a hash lookup, so the lock is held for well under a microsecond.
 */
public final class ClaimsCache {

    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final Clock clock;
    private final Map<Key, Cached> entries;

    public ClaimsCache(Clock clock, int maxEntries) {
        this.clock = clock;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public Optional<Map<String, Object>> get(Key key) {
        Instant now = clock.instant();
        synchronized (entries) {
            Cached entry = entries.get(key);
            if (entry == null) {
                return Optional.empty();
            }
            if (!now.isBefore(entry.expires())) {
                entries.remove(key);
                return Optional.empty();
            }
            return Optional.of(entry.claims());
        }
    }

    public void put(Key key, Map<String, Object> claims, Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            return;
        }
        Cached entry = new Cached(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(claims)),
                clock.instant().plus(ttl));
        synchronized (entries) {
            entries.put(key, entry);
        }
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /**
     * What the claims depend on. {@code hook} is the hook's whole configuration, so an edited hook (another URL,
     * TTL, secret, …) never serves claims cached under its old configuration.
     */
    public record Key(String realmId, Object hook, String userId, String clientId, String scope) {
    }

    private record Cached(Map<String, Object> claims, Instant expires) {
    }
}
