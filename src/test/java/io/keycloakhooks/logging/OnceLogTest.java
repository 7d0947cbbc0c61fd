package io.keycloakhooks.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class OnceLogTest {

    @Test
    void eachKeyIsFirstOnce() {
        OnceLog log = new OnceLog();
        assertTrue(log.first("a"));
        assertFalse(log.first("a"));
        assertTrue(log.first("b"));
        assertFalse(log.first("a"));
    }

    @Test
    void newKeysAreStillLoggedAfterTheBoundIsReached() {
        OnceLog log = new OnceLog();
        for (int i = 0; i < OnceLog.MAX_KEYS; i++) {
            assertTrue(log.first("old-" + i));
        }
        assertTrue(log.first("new"), "a key past the bound is logged");
        assertFalse(log.first("new"), "and then only once");
        assertTrue(log.first("old-0"), "the oldest key was forgotten to make room");
    }

    @Test
    void theKeyOfferedLeastRecentlyIsForgotten() {
        OnceLog log = new OnceLog(3);
        log.first("a");
        log.first("b");
        log.first("c");
        assertFalse(log.first("a"), "offering a again makes b the oldest");
        assertTrue(log.first("d"));
        assertFalse(log.first("a"));
        assertFalse(log.first("c"));
        assertFalse(log.first("d"));
        assertTrue(log.first("b"), "b was forgotten");
    }

    @Test
    void concurrentCallersGetOneFirstPerKey() throws Exception {
        OnceLog log = new OnceLog();
        AtomicInteger firsts = new AtomicInteger();
        try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
            Future<?>[] futures = new Future<?>[8];
            for (int t = 0; t < futures.length; t++) {
                futures[t] = executor.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        if (log.first("k" + i)) {
                            firsts.incrementAndGet();
                        }
                    }
                });
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        assertEquals(1000, firsts.get());
    }
}
