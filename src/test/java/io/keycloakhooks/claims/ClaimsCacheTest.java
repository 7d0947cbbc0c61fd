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
        ClaimsCache cache = new ClaimsCache(clock, 10);
        cache.put(key("u"), Map.of("plan", "pro"), Duration.ofSeconds(60));
        now = now.plusSeconds(59);
        assertEquals(Optional.of(Map.of("plan", "pro")), cache.get(key("u")));
        now = now.plusSeconds(1);
        assertEquals(Optional.empty(), cache.get(key("u")));
        assertEquals(0, cache.size(), "expired entries are removed when met");
    }

    @Test
    void keyedByUserClientScopeAndHook() {
        ClaimsCache cache = new ClaimsCache(clock, 10);
        cache.put(key("u"), Map.of("a", 1), Duration.ofSeconds(60));
        assertTrue(cache.get(key("v")).isEmpty());
        assertTrue(cache.get(new ClaimsCache.Key("realm", "hook-config", "u", "other", "openid profile")).isEmpty());
        assertTrue(cache.get(new ClaimsCache.Key("realm", "hook-config", "u", "client", "openid")).isEmpty());
        assertTrue(cache.get(new ClaimsCache.Key("realm", "edited-hook-config", "u", "client", "openid profile")).isEmpty());
    }

    @Test
    void zeroTtlStoresNothing() {
        ClaimsCache cache = new ClaimsCache(clock, 10);
        cache.put(key("u"), Map.of("a", 1), Duration.ZERO);
        assertEquals(0, cache.size());
    }

    @Test
    void boundedLeastRecentlyUsedGoesFirst() {
        ClaimsCache cache = new ClaimsCache(clock, 3);
        cache.put(key("a"), Map.of(), Duration.ofSeconds(60));
        cache.put(key("b"), Map.of(), Duration.ofSeconds(60));
        cache.put(key("c"), Map.of(), Duration.ofSeconds(60));
        cache.get(key("a"));
        cache.put(key("d"), Map.of(), Duration.ofSeconds(60));
        assertEquals(3, cache.size());
        assertTrue(cache.get(key("b")).isEmpty(), "b was the least recently used");
        assertTrue(cache.get(key("a")).isPresent());
        assertTrue(cache.get(key("d")).isPresent());
    }
}
