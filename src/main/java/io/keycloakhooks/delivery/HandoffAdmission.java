package io.keycloakhooks.delivery;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * How many hand-offs a dispatcher takes: counted from the moment a message is leased until a round takes it, so
 * transactions leasing at the same moment cannot lease more than the limit, committed or not.
 */
final class HandoffAdmission {

    private final int limit;
    private final IntSupplier inFlight;
    private final AtomicInteger reserved = new AtomicInteger();

    HandoffAdmission(int limit, IntSupplier inFlight) {
        this.limit = limit;
        this.inFlight = inFlight;
    }

    /** Reserves room for one hand-off; false when the calls in flight and the reserved ones fill the limit. */
    boolean tryReserve() {
        int current;
        do {
            current = reserved.get();
            if (inFlight.getAsInt() + current >= limit) {
                return false;
            }
        } while (!reserved.compareAndSet(current, current + 1));
        return true;
    }

    /** Hand-offs taken by a round (now in flight) or rolled back (never written). */
    void free(int count) {
        reserved.addAndGet(-count);
    }

    int reserved() {
        return reserved.get();
    }
}
