package io.keycloakhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class DatabaseClockTest {

    /** A local clock that the test moves. */
    static final class LocalClock extends Clock {
        long millis = 1_000_000;

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void twoNodesWithSkewedClocksAgreeOnTheDatabasesTime() {
        LocalClock ahead = new LocalClock();
        ahead.millis = 5_000_000 + 90_000; // 90 s ahead
        LocalClock behind = new LocalClock();
        behind.millis = 5_000_000 - 40_000; // 40 s behind
        DatabaseClock a = new DatabaseClock(ahead);
        DatabaseClock b = new DatabaseClock(behind);
        a.align(() -> 5_000_000);
        b.align(() -> 5_000_000);
        assertEquals(5_000_000, a.millis());
        assertEquals(5_000_000, b.millis());
        ahead.millis += 10_000;
        behind.millis += 10_000;
        assertEquals(a.millis(), b.millis(), "a lease written by one node ends at the same moment for the other");
    }

    @Test
    void withoutAReadTheLocalClockIsUsedAndAFailureKeepsTheLastOffset() {
        LocalClock local = new LocalClock();
        DatabaseClock clock = new DatabaseClock(local);
        assertTrue(clock.alignDue());
        assertEquals(local.millis, clock.millis());
        clock.align(() -> local.millis + 2_500);
        assertEquals(2_500, clock.offsetMillis());
        assertFalse(clock.alignDue());
        local.millis += DatabaseClock.ALIGN_EVERY_MS;
        assertTrue(clock.alignDue());
        clock.alignFailed(new IllegalStateException("database down"));
        assertEquals(2_500, clock.offsetMillis(), "the last known offset stays");
        assertFalse(clock.alignDue(), "tried again only at the next interval");
    }

    @Test
    void theOffsetIsMeasuredAgainstTheMiddleOfTheRead() {
        LocalClock local = new LocalClock();
        DatabaseClock clock = new DatabaseClock(local);
        clock.align(() -> {
            long database = local.millis + 100; // the database answered when half of the 200 ms read had passed
            local.millis += 200;
            return database;
        });
        assertEquals(0, clock.offsetMillis());
    }
}
