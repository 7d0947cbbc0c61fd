package io.keycloakhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.keycloakhooks.transport.HookResponse;
import org.junit.jupiter.api.Test;

class AttemptOutcomeTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final RetrySchedule SCHEDULE = RetrySchedule.DEFAULT;

    @Test
    void anyTwoHundredIsDelivered() {
        assertInstanceOf(AttemptOutcome.Delivered.class, outcome(response(200), 0));
        assertInstanceOf(AttemptOutcome.Delivered.class, outcome(response(299), 6));
    }

    @Test
    void aCallRefusedForCapacityIsDueAgainShortlyWithoutUsingARetryStep() {
        HookResponse refused = HookResponse.refused("refused: the realm's concurrent webhook calls are at the limit");
        AttemptOutcome.Deferred deferred = assertInstanceOf(AttemptOutcome.Deferred.class, outcome(refused, 0));
        assertEquals(NOW.plus(AttemptOutcome.REFUSED_DELAY), deferred.at());
        // after the schedule's last step a failure fails the message; a refusal was no attempt, so it does not
        assertInstanceOf(AttemptOutcome.Failed.class, outcome(HookResponse.failed("timeout after 5000 ms", 5000), 7));
        assertInstanceOf(AttemptOutcome.Deferred.class, outcome(refused, 7));
    }

    @Test
    void failuresFollowTheScheduleThenFail() {
        AttemptOutcome.Retry first = assertInstanceOf(AttemptOutcome.Retry.class, outcome(response(500), 0));
        assertEquals(NOW.plusSeconds(5), first.at());
        assertEquals("receiver answered HTTP 500", first.error());
        AttemptOutcome.Retry later = assertInstanceOf(AttemptOutcome.Retry.class, outcome(response(404), 1));
        assertEquals(NOW.plus(Duration.ofMinutes(5)), later.at());
        AttemptOutcome.Failed last = assertInstanceOf(AttemptOutcome.Failed.class, outcome(response(500), 7));
        assertEquals("receiver answered HTTP 500", last.error());
    }

    @Test
    void transportErrorsAndRedirectsAreFailedAttempts() {
        AttemptOutcome.Retry timeout = assertInstanceOf(AttemptOutcome.Retry.class,
                outcome(HookResponse.failed("timed out after 10000 ms", 10_000), 0));
        assertEquals("timed out after 10000 ms", timeout.error());
        HookResponse redirect = new HookResponse(302, "", Map.of(), 3, "redirect not followed (status 302)");
        assertInstanceOf(AttemptOutcome.Retry.class, outcome(redirect, 0));
    }

    @Test
    void goneStopsRetriesAndDisables() {
        AttemptOutcome.Gone gone = assertInstanceOf(AttemptOutcome.Gone.class, outcome(response(410), 0));
        assertEquals("receiver answered HTTP 410", gone.error());
    }

    @Test
    void retryAfterOn429And503InSecondsOrAsADateCappedAtAnHour() {
        assertEquals(NOW.plusSeconds(120), retryAt(withRetryAfter(429, "120")));
        assertEquals(NOW.plusSeconds(30), retryAt(withRetryAfter(503, "Mon, 23 Nov 2026 10:00:30 GMT")));
        assertEquals(NOW.plus(Duration.ofHours(1)), retryAt(withRetryAfter(503, "86400")));
        assertEquals(NOW.plusSeconds(5), retryAt(withRetryAfter(500, "120")), "only 429 and 503 carry Retry-After");
        assertEquals(NOW.plusSeconds(5), retryAt(withRetryAfter(429, "soon")), "unreadable: the schedule");
        assertEquals(NOW, retryAt(withRetryAfter(503, "Mon, 23 Nov 2026 09:00:00 GMT")), "a past date: now");
    }

    @Test
    void retryAfterDoesNotExtendTheSchedule() {
        assertInstanceOf(AttemptOutcome.Failed.class, outcome(withRetryAfter(429, "10"), 7));
    }

    private static Instant retryAt(HookResponse response) {
        return assertInstanceOf(AttemptOutcome.Retry.class, outcome(response, 0)).at();
    }

    private static AttemptOutcome outcome(HookResponse response, int failedBefore) {
        return AttemptOutcome.of(response, failedBefore, SCHEDULE, NOW, () -> 0.5);
    }

    private static HookResponse response(int status) {
        return new HookResponse(status, "", Map.of(), 12, null);
    }

    private static HookResponse withRetryAfter(int status, String value) {
        return new HookResponse(status, "", Map.of("retry-after", value), 12, null);
    }
}
