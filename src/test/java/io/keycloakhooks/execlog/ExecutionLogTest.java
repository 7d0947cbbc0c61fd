package io.keycloakhooks.execlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ExecutionLogTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    /** A database that can be switched off. */
    static final class FakeSink implements ExecutionLog.Sink {
        final List<ExecutionRecord> written = new ArrayList<>();
        final List<Long> deletions = new ArrayList<>();
        volatile boolean down;

        @Override
        public synchronized void write(List<ExecutionRecord> batch) {
            if (down) {
                throw new IllegalStateException("database down");
            }
            written.addAll(batch);
        }

        @Override
        public int deleteBefore(long cutoff) {
            if (down) {
                throw new IllegalStateException("database down");
            }
            deletions.add(cutoff);
            return 0;
        }

        synchronized int count() {
            return written.size();
        }
    }

    private static ExecutionRecord record(int n) {
        return new ExecutionRecord("id-" + n, "realm", "hook", "pre_sign_in", n, "u", "alice", "a@example.com",
                "allow", true, 200, 3, null, null);
    }

    @Test
    void writesInBatchesInOrder() {
        ExecutionLog log = new ExecutionLog(2_000, CLOCK);
        for (int i = 0; i < 1_234; i++) {
            log.record(record(i));
        }
        FakeSink sink = new FakeSink();
        assertEquals(1_234, log.flush(sink));
        assertEquals(1_234, sink.written.size());
        assertEquals("id-0", sink.written.getFirst().id());
        assertEquals("id-1233", sink.written.getLast().id());
        assertEquals(0, log.flush(sink));
    }

    @Test
    void aBatchTheDatabaseRefusesIsWrittenLaterAheadOfNewerRecords() {
        ExecutionLog log = new ExecutionLog(100, CLOCK);
        FakeSink sink = new FakeSink();
        log.record(record(1));
        sink.down = true;
        assertEquals(0, log.flush(sink));
        log.record(record(2));
        sink.down = false;
        assertEquals(2, log.flush(sink));
        assertEquals(List.of("id-1", "id-2"), sink.written.stream().map(ExecutionRecord::id).toList());
    }

    @Test
    void aFullQueueDropsAndCountsNewRecords() {
        ExecutionLog log = new ExecutionLog(3, CLOCK);
        for (int i = 0; i < 5; i++) {
            log.record(record(i));
        }
        assertEquals(2, log.dropped());
        FakeSink sink = new FakeSink();
        assertEquals(3, log.flush(sink));
        assertEquals(List.of("id-0", "id-1", "id-2"), sink.written.stream().map(ExecutionRecord::id).toList());
    }

    @Test
    void retentionDeletesOlderThanTheRetentionAtMostHourly() {
        ExecutionLog log = new ExecutionLog(10, CLOCK);
        FakeSink sink = new FakeSink();
        log.expire(sink, Duration.ofDays(7));
        log.expire(sink, Duration.ofDays(7));
        assertEquals(List.of(CLOCK.millis() - Duration.ofDays(7).toMillis()), sink.deletions);
    }

    @Test
    void theWriterThreadWritesQueuedRecordsAndStopFlushesTheRest() throws Exception {
        ExecutionLog log = new ExecutionLog(100, Clock.systemUTC());
        FakeSink sink = new FakeSink();
        log.start(sink, Duration.ofMillis(20), Duration.ofDays(7));
        log.record(record(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sink.count() < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(1, sink.count());
        log.record(record(2));
        log.stop(sink);
        assertEquals(2, sink.count());
        assertTrue(sink.deletions.size() >= 1);
    }
}
