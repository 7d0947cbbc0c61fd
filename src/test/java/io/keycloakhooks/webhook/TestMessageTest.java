package io.keycloakhooks.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class TestMessageTest {

    private static String isoInstant(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void timestampsAreIsoInstantsWithMilliseconds() {
        assertEquals("2026-11-22T10:15:30.123Z", TestMessage.timestamp(Instant.parse("2026-11-22T10:15:30.123456Z")));
        assertEquals("2026-11-22T10:15:30.100Z", TestMessage.timestamp(Instant.parse("2026-11-22T10:15:30.1Z")));
        assertEquals("2026-11-22T10:15:30.007Z", TestMessage.timestamp(Instant.parse("2026-11-22T10:15:30.007Z")));
        assertEquals("2026-01-02T03:04:05Z", TestMessage.timestamp(Instant.parse("2026-01-02T03:04:05.000999Z")));
    }

    @Test
    void timestampsMatchTheIsoFormatterEverywhere() {
        SplittableRandom random = new SplittableRandom(7);
        long from = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
        long to = Instant.parse("+12000-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochMilli(random.nextLong(from, to));
            assertEquals(isoInstant(instant), TestMessage.timestamp(instant), instant::toString);
        }
        for (String edge : new String[] {"1000-01-01T00:00:00Z", "0999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z",
                "+10000-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z"}) {
            Instant instant = Instant.parse(edge);
            assertEquals(isoInstant(instant), TestMessage.timestamp(instant), edge);
        }
    }
}
