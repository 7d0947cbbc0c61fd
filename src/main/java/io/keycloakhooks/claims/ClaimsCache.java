package io.keycloakhooks.claims;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Claims of JWT prehooks kept for their {@code cacheTtlSeconds} (docs/jwt-claims.md), per hook, user, client and
 * scope. Only successful answers are kept. Bounded in bytes (each entry weighs the answer it came from plus a fixed
 * overhead), and no realm may hold more than its share: a realm past its share evicts its own least recently used
 * entries, so one realm's users cannot push every other realm's claims out. One lock guards the map; a lookup is a
 * hash lookup, and a put evicts in least-recently-used order.
 */
public final class ClaimsCache {

    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    /** A realm may fill at most this part of the cache. */
    public static final int REALM_SHARE_DIVISOR = 4;
    /** Counted for every entry besides its answer: key, map and bookkeeping. */
    static final int ENTRY_OVERHEAD_BYTES = 512;

    private final Clock clock;
    private final long maxBytes;
    private final long realmMaxBytes;
    private final LinkedHashMap<Key, Cached> entries = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<String, Long> realmBytes = new HashMap<>();
    private long totalBytes;

    public ClaimsCache(Clock clock, long maxBytes) {
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.realmMaxBytes = Math.max(ENTRY_OVERHEAD_BYTES, maxBytes / REALM_SHARE_DIVISOR);
    }

    public Optional<Map<String, Object>> get(Key key) {
        Instant now = clock.instant();
        synchronized (entries) {
            Cached entry = entries.get(key);
            if (entry == null) {
                return Optional.empty();
            }
            if (!now.isBefore(entry.expires())) {
                remove(key);
                return Optional.empty();
            }
            return Optional.of(entry.claims());
        }
    }

    /** {@code answerBytes}: the size of the answer the claims were read from. */
    public void put(Key key, Map<String, Object> claims, Duration ttl, int answerBytes) {
        long weight = (long) ENTRY_OVERHEAD_BYTES + Math.max(0, answerBytes);
        if (ttl.isZero() || ttl.isNegative() || weight > realmMaxBytes) {
            return;
        }
        Cached entry = new Cached(Collections.unmodifiableMap(new LinkedHashMap<>(claims)), clock.instant().plus(ttl),
                weight);
        synchronized (entries) {
            remove(key);
            evict(key.realmId(), realmMaxBytes - weight);
            evict(null, maxBytes - weight);
            entries.put(key, entry);
            add(key.realmId(), weight);
        }
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    public long bytes() {
        synchronized (entries) {
            return totalBytes;
        }
    }

    /** Evicts least recently used entries (of one realm, or of any when null) until its bytes are at most {@code limit}. */
    private void evict(String realmId, long limit) {
        Iterator<Map.Entry<Key, Cached>> eldestFirst = entries.entrySet().iterator();
        while (eldestFirst.hasNext() && (realmId == null ? totalBytes : realmBytes.getOrDefault(realmId, 0L)) > limit) {
            Map.Entry<Key, Cached> entry = eldestFirst.next();
            if (realmId == null || realmId.equals(entry.getKey().realmId())) {
                eldestFirst.remove();
                add(entry.getKey().realmId(), -entry.getValue().weight());
            }
        }
    }

    private void remove(Key key) {
        Cached removed = entries.remove(key);
        if (removed != null) {
            add(key.realmId(), -removed.weight());
        }
    }

    private void add(String realmId, long bytes) {
        totalBytes += bytes;
        long realm = realmBytes.getOrDefault(realmId, 0L) + bytes;
        if (realm <= 0) {
            realmBytes.remove(realmId);
        } else {
            realmBytes.put(realmId, realm);
        }
    }

    /**
     * What the claims depend on. {@code hook} is the hook's whole configuration, so an edited hook (another URL,
     * TTL, secret, …) never serves claims cached under its old configuration.
     */
    public record Key(String realmId, Object hook, String userId, String clientId, String scope) {
    }

    private record Cached(Map<String, Object> claims, Instant expires, long weight) {
    }
}
