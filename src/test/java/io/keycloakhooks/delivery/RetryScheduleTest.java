package io.keycloakhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @Test
    void theSpecScheduleHasEightAttemptsOverAboutTwentySevenHours() {
        RetrySchedule spec = RetrySchedule.DEFAULT;
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
                Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10)), spec.delays());
        assertEquals(8, spec.attempts());
        Duration total = spec.delays().stream().reduce(Duration.ZERO, Duration::plus);
        assertEquals(27, total.toHours());
    }

    @Test
    void jitterStaysWithinTwentyPercent() {
        RetrySchedule spec = RetrySchedule.DEFAULT;
        assertEquals(Optional.of(Duration.ofMillis(4_000)), spec.delayAfter(1, () -> 0.0));
        assertEquals(Optional.of(Duration.ofMillis(5_000)), spec.delayAfter(1, () -> 0.5));
        long high = spec.delayAfter(1, () -> 0.999_999).orElseThrow().toMillis();
        assertTrue(high > 5_990 && high <= 6_000, "just under +20 %: " + high);
        assertEquals(Duration.ofMinutes(4), spec.delayAfter(2, () -> 0.0).orElseThrow());
    }

    @Test
    void noDelayAfterTheLastAttempt() {
        RetrySchedule spec = RetrySchedule.DEFAULT;
        assertTrue(spec.delayAfter(7, () -> 0.5).isPresent(), "the 8th attempt follows the 7th failure");
        assertEquals(Optional.empty(), spec.delayAfter(8, () -> 0.5));
        assertEquals(Optional.empty(), spec.delayAfter(0, () -> 0.5));
    }

    @Test
    void parsesEveryUnitAndNamesABadStep() {
        RetrySchedule parsed = RetrySchedule.parse(" 500ms, 2s ,3m,1h,1d");
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMinutes(3), Duration.ofHours(1),
                Duration.ofDays(1)), parsed.delays());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parse("5s,soon"));
        assertTrue(e.getMessage().contains("'soon'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parse(""));
        assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parse("-5s"));
    }
}
