package io.keycloakhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class HandoffAdmissionTest {

    @Test
    void leasesCountBeforeTheirTransactionCommits() {
        AtomicInteger inFlight = new AtomicInteger(1);
        HandoffAdmission admission = new HandoffAdmission(3, inFlight::get);
        assertTrue(admission.tryReserve());
        assertTrue(admission.tryReserve());
        assertFalse(admission.tryReserve(), "1 in flight + 2 leased, none committed yet: full");
        admission.free(1); // one transaction rolled back
        assertTrue(admission.tryReserve());
        inFlight.set(0);
        assertTrue(admission.tryReserve());
        assertFalse(admission.tryReserve());
        assertEquals(3, admission.reserved());
    }

    @Test
    void concurrentTransactionsNeverLeaseMoreThanTheLimit() throws Exception {
        HandoffAdmission admission = new HandoffAdmission(32, () -> 0);
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        for (int i = 0; i < 1000; i++) {
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (admission.tryReserve()) {
                    admitted.incrementAndGet();
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(32, admitted.get());
        assertEquals(32, admission.reserved());
    }
}
