package io.keycloakhooks.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ClaimsCacheTest {

    private Instant now = Instant.parse("2026-11-23T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private static ClaimsCache.Key key(String user) {
        return new ClaimsCache.Key("realm", "hook-config", user, "client", "openid profile");
    }

    @Test
    void hitWithinTheTtlMissAfter() {
        ClaimsCache cache = new ClaimsCache(clock, 1_000_000);
        cache.put(key("u"), Map.of("plan", "pro"), Duration.ofSeconds(60), 100);
        now = now.plusSeconds(59);
        assertEquals(Optional.of(Map.of("plan", "pro")), cache.get(key("u")));
        now = now.plusSeconds(1);
        assertEquals(Optional.empty(), cache.get(key("u")));
        assertEquals(0, cache.size(), "expired entries are removed when met");
    }

    @Test
    void keyedByUserClientScopeAndHook() {
        ClaimsCache cache = new ClaimsCache(clock, 1_000_000);
        cache.put(key("u"), Map.of("a", 1), Duration.ofSeconds(60), 100);
        assertTrue(cache.get(key("v")).isEmpty());
        assertTrue(cache.get(new ClaimsCache.Key("realm", "hook-config", "u", "other", "openid profile")).isEmpty());
        assertTrue(cache.get(new ClaimsCache.Key("realm", "hook-config", "u", "client", "openid")).isEmpty());
        assertTrue(cache.get(new ClaimsCache.Key("realm", "edited-hook-config", "u", "client", "openid profile")).isEmpty());
    }

    @Test
    void zeroTtlStoresNothing() {
        ClaimsCache cache = new ClaimsCache(clock, 1_000_000);
        cache.put(key("u"), Map.of("a", 1), Duration.ZERO, 100);
        assertEquals(0, cache.size());
    }

    @Test
    void boundedLeastRecentlyUsedGoesFirst() {
        // room for three entries of 100 answer bytes (a realm may use a quarter of the cache)
        ClaimsCache cache = new ClaimsCache(clock, 4 * 3 * (ClaimsCache.ENTRY_OVERHEAD_BYTES + 100));
        cache.put(key("a"), Map.of(), Duration.ofSeconds(60), 100);
        cache.put(key("b"), Map.of(), Duration.ofSeconds(60), 100);
        cache.put(key("c"), Map.of(), Duration.ofSeconds(60), 100);
        cache.get(key("a"));
        cache.put(key("d"), Map.of(), Duration.ofSeconds(60), 100);
        assertEquals(3, cache.size());
        assertTrue(cache.get(key("b")).isEmpty(), "b was the least recently used");
        assertTrue(cache.get(key("a")).isPresent());
        assertTrue(cache.get(key("d")).isPresent());
    }

    @Test
    void boundedByBytesNotEntries() {
        ClaimsCache cache = new ClaimsCache(clock, 4L * 20_000);
        cache.put(key("big"), Map.of("x", "y"), Duration.ofSeconds(60), 16_384);
        cache.put(key("big2"), Map.of("x", "y"), Duration.ofSeconds(60), 16_384);
        assertEquals(1, cache.size(), "two 16 KiB answers do not fit a realm's 20,000 bytes");
        assertTrue(cache.get(key("big2")).isPresent(), "the newer stays");
        assertTrue(cache.bytes() <= 20_000);
    }

    @Test
    void oneRealmCannotPushOtherRealmsOut() {
        long max = 4L * 10 * (ClaimsCache.ENTRY_OVERHEAD_BYTES + 100);
        ClaimsCache cache = new ClaimsCache(clock, max);
        ClaimsCache.Key quiet = new ClaimsCache.Key("quiet-realm", "hook", "u", "client", "openid");
        cache.put(quiet, Map.of("plan", "pro"), Duration.ofSeconds(60), 100);
        for (int i = 0; i < 1_000; i++) {
            cache.put(new ClaimsCache.Key("noisy-realm", "hook", "user-" + i, "client", "openid"), Map.of("n", i),
                    Duration.ofSeconds(60), 100);
        }
        assertTrue(cache.get(quiet).isPresent(), "the noisy realm evicted only its own entries");
        assertEquals(11, cache.size(), "the noisy realm keeps its share of 10 entries, the quiet one its entry");
        assertTrue(cache.bytes() <= max);
    }

    @Test
    void replacingAnEntryDoesNotCountItTwice() {
        ClaimsCache cache = new ClaimsCache(clock, 1_000_000);
        cache.put(key("u"), Map.of("a", 1), Duration.ofSeconds(60), 100);
        cache.put(key("u"), Map.of("a", 2), Duration.ofSeconds(60), 100);
        assertEquals(ClaimsCache.ENTRY_OVERHEAD_BYTES + 100, cache.bytes());
        now = now.plusSeconds(61);
        cache.get(key("u"));
        assertEquals(0, cache.bytes(), "an expired entry met by a lookup frees its bytes");
    }
}
