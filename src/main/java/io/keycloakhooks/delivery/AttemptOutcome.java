package io.keycloakhooks.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

import io.keycloakhooks.transport.HookResponse;

/**
 * What happens to a message after one attempt (docs/webhooks.md#delivery): delivered on a 2xx; on {@code 410 Gone} failed and
 * its webhook disabled; otherwise retried after the schedule's next delay (or the receiver's
 * {@code Retry-After} on 429 and 503, capped at an hour) until the schedule runs out, then failed. A call refused
 * for capacity (the realm's webhook calls at their limit) was no attempt: the message is due again after
 * {@link #REFUSED_DELAY}, its schedule untouched.
 */
public sealed interface AttemptOutcome {

    Duration MAX_RETRY_AFTER = Duration.ofHours(1);
    /** Long enough that a realm at its limit is not asked again in a tight loop, short next to any retry step. */
    Duration REFUSED_DELAY = Duration.ofSeconds(1);

    record Delivered() implements AttemptOutcome {
    }

    record Retry(Instant at, String error) implements AttemptOutcome {
    }

    record Failed(String error) implements AttemptOutcome {
    }

    /** The receiver said the endpoint is gone: the message fails and the webhook is disabled. */
    record Gone(String error) implements AttemptOutcome {
    }

    /** Not sent (refused for capacity): pending again at {@code at}, no attempt counted, no retry step used. */
    record Deferred(Instant at) implements AttemptOutcome {
    }

    /**
     * @param failedBefore failed attempts of this message's current schedule before this one
     */
    static AttemptOutcome of(HookResponse response, int failedBefore, RetrySchedule schedule, Instant now,
            DoubleSupplier random) {
        if (response.isSuccess()) {
            return new Delivered();
        }
        if (response.refused()) {
            return new Deferred(now.plus(REFUSED_DELAY));
        }
        String error = describe(response);
        if (response.status() == 410 && response.error() == null) {
            return new Gone(error);
        }
        Optional<Duration> delay = schedule.delayAfter(failedBefore + 1, random);
        if (delay.isEmpty()) {
            return new Failed(error);
        }
        Duration wait = retryAfter(response, now).orElse(delay.get());
        return new Retry(now.plus(wait), error);
    }

    /** The error to record: the transport's reason, or the status the receiver answered. */
    static String describe(HookResponse response) {
        if (response.error() != null) {
            return response.error();
        }
        return "receiver answered HTTP " + response.status();
    }

    /** Retry-After (seconds or an HTTP date) on 429 and 503, at most an hour; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(HookResponse response, Instant now) {
        if (response.status() != 429 && response.status() != 503) {
            return Optional.empty();
        }
        return response.header("Retry-After").map(String::trim).flatMap(value -> parseRetryAfter(value, now))
                .map(wait -> wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
    }

    private static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
