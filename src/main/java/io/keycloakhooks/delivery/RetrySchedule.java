package io.keycloakhooks.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The delays between delivery attempts (docs/webhooks.md#delivery): after the first failed attempt wait the first delay, and so
 * on; when the delays run out the message is failed. Each delay varies by ±{@code jitter} at random so that
 * messages that failed together do not retry together.
 */
public record RetrySchedule(List<Duration> delays, double jitter) {

    private static final Pattern STEP = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    public static final String DEFAULT_TEXT = "5s,5m,30m,2h,5h,10h,10h";
    public static final RetrySchedule DEFAULT = parse(DEFAULT_TEXT);

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
        }
    }

    /**
     * Parses a comma-separated list such as {@code 5s,5m,30m,2h} (units ms, s, m, h, d), with ±20 % jitter.
     *
     * @throws IllegalArgumentException naming the step that does not parse
     */
    public static RetrySchedule parse(String text) {
        List<Duration> delays = new ArrayList<>();
        for (String part : text.split(",")) {
            String step = part.trim().toLowerCase(Locale.ROOT);
            Matcher m = STEP.matcher(step);
            if (!m.matches()) {
                throw new IllegalArgumentException("retry schedule step '" + part.trim()
                        + "' is not a duration such as 500ms, 5s, 5m, 2h or 1d");
            }
            long amount = Long.parseLong(m.group(1));
            delays.add(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        return new RetrySchedule(delays, 0.2);
    }

    /** Attempts in all: the first one plus one per delay. */
    public int attempts() {
        return delays.size() + 1;
    }

    /**
     * The wait after failed attempt number {@code failedSoFar} (1 = the first attempt failed), or empty when that
     * was the last attempt. {@code random} yields values in [0, 1).
     */
    public Optional<Duration> delayAfter(int failedSoFar, DoubleSupplier random) {
        if (failedSoFar < 1 || failedSoFar > delays.size()) {
            return Optional.empty();
        }
        Duration base = delays.get(failedSoFar - 1);
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        return Optional.of(Duration.ofMillis(Math.round(base.toMillis() * factor)));
    }
}
