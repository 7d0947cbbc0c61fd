package io.keycloakhooks.it;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for something that happens after the call that caused it returned. */
final class Polls {

    private static final long INTERVAL_NANOS = 50_000_000L;

    private Polls() {
    }

    /** Polls until the condition holds or the timeout passes; the caller asserts afterwards, with its own message. */
    static void until(BooleanSupplier condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(INTERVAL_NANOS);
        }
    }
}
