package io.keycloakhooks.outbox;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UUIDs of version 7 (RFC 9562): the first 48 bits are the Unix time in milliseconds, the rest random. New rows
 * then land at the end of the primary-key index instead of anywhere in it, which keeps index writes cheap on
 * every database (H2 copies each B-tree page it touches). The ids are not secrets; unpredictability is not needed.
 */
public final class TimeOrderedIds {

    private TimeOrderedIds() {
    }

    public static String next() {
        return next(System.currentTimeMillis());
    }

    static String next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
