package io.keycloakhooks.webhook;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code timestamp} of every webhook envelope and prehook request body: ISO-8601 in UTC, always with
 * milliseconds, e.g. {@code 2026-11-22T10:15:30.000Z}, so a receiver can parse it with one fixed pattern.
 */
public final class Timestamps {

    /** The format; years 1000 to 9999 are also written by hand below, with the same result. */
    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return format(instant.toEpochMilli());
    }

    /**
     * Every message and prehook call carries one, and the formatter costs more than the rest of a small envelope,
     * so the years in use are written by hand and only the others go through {@link #FORMAT}.
     */
    public static String format(long epochMillis) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
        if (time.getYear() < 1000 || time.getYear() > 9999) {
            return FORMAT.format(Instant.ofEpochMilli(epochMillis));
        }
        StringBuilder text = new StringBuilder(24).append(time.getYear()).append('-');
        twoDigits(text, time.getMonthValue()).append('-');
        twoDigits(text, time.getDayOfMonth()).append('T');
        twoDigits(text, time.getHour()).append(':');
        twoDigits(text, time.getMinute()).append(':');
        twoDigits(text, time.getSecond()).append('.');
        int millis = (int) Math.floorMod(epochMillis, 1000);
        twoDigits(text.append(millis / 100), millis % 100);
        return text.append('Z').toString();
    }

    private static StringBuilder twoDigits(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
