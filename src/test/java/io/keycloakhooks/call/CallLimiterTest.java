package io.keycloakhooks.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CallLimiterTest {

    private final CallLimiter limiter = new CallLimiter(Map.of(CallLane.LOGIN, 2, CallLane.WEBHOOK, 1));

    @Test
    void atTheLimitACallIsRefusedAtOnce() {
        assertTrue(limiter.tryAcquire(CallLane.LOGIN, "r1"));
        assertTrue(limiter.tryAcquire(CallLane.LOGIN, "r1"));
        long start = System.nanoTime();
        assertFalse(limiter.tryAcquire(CallLane.LOGIN, "r1"));
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(100), "no wait");
        assertEquals(2, limiter.inFlight(CallLane.LOGIN, "r1"));
        assertEquals(Set.of("r1"), limiter.realmsAtLimit(CallLane.LOGIN));
    }

    @Test
    void aReleaseFreesAPermit() {
        assertTrue(limiter.tryAcquire(CallLane.WEBHOOK, "r1"));
        assertFalse(limiter.tryAcquire(CallLane.WEBHOOK, "r1"));
        limiter.release(CallLane.WEBHOOK, "r1");
        assertTrue(limiter.tryAcquire(CallLane.WEBHOOK, "r1"));
    }

    @Test
    void realmsAreIndependent() {
        assertTrue(limiter.tryAcquire(CallLane.WEBHOOK, "slow"));
        assertFalse(limiter.tryAcquire(CallLane.WEBHOOK, "slow"));
        assertTrue(limiter.tryAcquire(CallLane.WEBHOOK, "calm"));
        assertEquals(Set.of("slow", "calm"), limiter.realmsAtLimit(CallLane.WEBHOOK));
        limiter.release(CallLane.WEBHOOK, "calm");
        assertEquals(Set.of("slow"), limiter.realmsAtLimit(CallLane.WEBHOOK));
    }

    @Test
    void lanesAreIndependent() {
        assertTrue(limiter.tryAcquire(CallLane.WEBHOOK, "r1"));
        assertFalse(limiter.tryAcquire(CallLane.WEBHOOK, "r1"));
        assertTrue(limiter.tryAcquire(CallLane.LOGIN, "r1"), "webhook calls do not take login permits");
        assertTrue(limiter.tryAcquire(CallLane.LOGIN, "r1"));
        assertFalse(limiter.tryAcquire(CallLane.LOGIN, "r1"));
        assertEquals(Set.of("r1"), limiter.realmsAtLimit(CallLane.LOGIN));
        limiter.release(CallLane.LOGIN, "r1");
        assertEquals(Set.of(), limiter.realmsAtLimit(CallLane.LOGIN));
        assertEquals(Set.of("r1"), limiter.realmsAtLimit(CallLane.WEBHOOK));
    }

    @Test
    void realmsWithoutCallsInFlightLeaveNoEntry() {
        for (int i = 0; i < 1_000; i++) {
            String realm = "realm-" + i;
            assertTrue(limiter.tryAcquire(CallLane.LOGIN, realm));
            assertTrue(limiter.tryAcquire(CallLane.WEBHOOK, realm));
            limiter.release(CallLane.LOGIN, realm);
            limiter.release(CallLane.WEBHOOK, realm);
        }
        assertEquals(0, limiter.entries());
        limiter.release(CallLane.LOGIN, "never-acquired"); // a stray release neither fails nor creates an entry
        assertEquals(0, limiter.entries());
        assertEquals(0, limiter.inFlight(CallLane.LOGIN, "never-acquired"));
    }

    @Test
    void concurrentCallersNeverExceedTheLimitAndLeaveNothingBehind() throws Exception {
        CallLimiter shared = new CallLimiter(Map.of(CallLane.LOGIN, 3, CallLane.WEBHOOK, 3));
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int t = 0; t < 8; t++) {
                threads.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 2_000; i++) {
                        if (!shared.tryAcquire(CallLane.LOGIN, "r")) {
                            continue;
                        }
                        highest.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                        Thread.onSpinWait();
                        concurrent.decrementAndGet();
                        shared.release(CallLane.LOGIN, "r");
                    }
                });
            }
            start.countDown();
        } finally {
            threads.shutdown();
            assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertTrue(highest.get() <= 3, "at most the limit at once: " + highest.get());
        assertEquals(0, shared.entries());
    }

    @Test
    void aLimitBelowOneIsRefusedNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CallLimiter(Map.of(CallLane.LOGIN, 0, CallLane.WEBHOOK, 1)));
        assertEquals("login-calls-per-realm must be at least 1", e.getMessage());
    }
}
