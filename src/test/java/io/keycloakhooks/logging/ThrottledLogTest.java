package io.keycloakhooks.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ThrottledLogTest {

    @Test
    void oneLinePerIntervalWithTheCountHeldBack() {
        AtomicLong now = new AtomicLong(1_000);
        ThrottledLog log = new ThrottledLog(60_000, now::get, 100);
        assertEquals(0, log.offer("realm|hook"));
        assertEquals(-1, log.offer("realm|hook"));
        assertEquals(-1, log.offer("realm|hook"));
        assertEquals(0, log.offer("realm|other"), "another key has its own window");
        now.addAndGet(60_000);
        assertEquals(2, log.offer("realm|hook"), "the next line says how many were held back");
        assertEquals(-1, log.offer("realm|hook"));
    }

    @Test
    void boundedByKeysForgettingTheLeastRecent() {
        AtomicLong now = new AtomicLong();
        ThrottledLog log = new ThrottledLog(60_000, now::get, 2);
        log.offer("a");
        log.offer("b");
        log.offer("c"); // forgets a
        assertEquals(0, log.offer("a"), "a forgotten key logs again");
        assertEquals(-1, log.offer("c"));
    }
}
