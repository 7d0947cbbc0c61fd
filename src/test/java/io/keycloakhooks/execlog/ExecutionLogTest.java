package io.keycloakhooks.execlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ExecutionLogTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    /** A database that can be switched off, and that refuses (the whole batch with) the records of given ids. */
    static final class FakeSink implements ExecutionLog.Sink {
        final List<ExecutionRecord> written = new ArrayList<>();
        final List<Long> deletions = new ArrayList<>();
        volatile boolean down;
        volatile Set<String> refused = Set.of();
        int writes;

        @Override
        public synchronized void write(List<ExecutionRecord> batch) {
            writes++;
            if (down) {
                throw new IllegalStateException("database down");
            }
            for (ExecutionRecord r : batch) {
                if (refused.contains(r.id())) {
                    throw new IllegalStateException("value too long for column FAILURE");
                }
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

    private static List<String> ids(FakeSink sink) {
        return sink.written.stream().map(ExecutionRecord::id).toList();
    }

    @Test
    void aRefusedRecordIsDroppedAndCountedAndTheOthersAreWritten() {
        ExecutionLog log = new ExecutionLog(100, CLOCK);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new PrehookMetrics(registry, log);
        FakeSink sink = new FakeSink();
        sink.refused = Set.of("id-3");
        for (int i = 0; i < 6; i++) {
            log.record(record(i));
        }

        assertEquals(5, log.flush(sink));
        assertEquals(List.of("id-0", "id-1", "id-2", "id-4", "id-5"), ids(sink));
        assertEquals(1, log.refused());
        assertEquals(1, registry.get(PrehookMetrics.REFUSED).functionCounter().count());
        assertEquals(0, log.dropped());

        log.record(record(6));
        log.record(record(7));
        assertEquals(2, log.flush(sink), "the next flush writes new records");
        assertEquals(List.of("id-6", "id-7"), ids(sink).subList(5, 7));
        assertEquals(1, log.refused());
    }

    @Test
    void aRefusedRecordAtTheEndOfTheLastBatchIsDroppedToo() {
        ExecutionLog log = new ExecutionLog(2_000, CLOCK);
        FakeSink sink = new FakeSink();
        sink.refused = Set.of("id-" + (ExecutionLog.BATCH_SIZE + 2));
        for (int i = 0; i < ExecutionLog.BATCH_SIZE + 3; i++) {
            log.record(record(i));
        }
        assertEquals(ExecutionLog.BATCH_SIZE + 2, log.flush(sink));
        assertEquals(1, log.refused());
        assertEquals(0, log.flush(sink));
    }

    /** Alone in its batch, a refused record looks like a database that is down until a newer record is written. */
    @Test
    void aRefusedRecordAloneNeverHoldsUpNewerRecords() {
        ExecutionLog log = new ExecutionLog(100, CLOCK);
        FakeSink sink = new FakeSink();
        sink.refused = Set.of("id-0");
        log.record(record(0));
        assertEquals(0, log.flush(sink));
        assertEquals(0, log.refused(), "the database may be down: kept");

        log.record(record(1));
        log.record(record(2));
        assertEquals(2, log.flush(sink));
        assertEquals(List.of("id-1", "id-2"), ids(sink));
        assertEquals(1, log.refused());
        log.record(record(3));
        assertEquals(1, log.flush(sink));
        assertEquals(1, log.refused());
    }

    @Test
    void refusedRecordsInARowAreKeptOnceThenDroppedWhenANewerRecordIsWritten() {
        ExecutionLog log = new ExecutionLog(100, CLOCK);
        FakeSink sink = new FakeSink();
        sink.refused = Set.of("id-0", "id-1", "id-2", "id-3", "id-4", "id-5", "id-6");
        for (int i = 0; i < 10; i++) {
            log.record(record(i));
        }
        assertEquals(0, log.flush(sink), "failures in a row look like the database going down");
        assertEquals(0, log.refused());

        log.record(record(10));
        assertEquals(4, log.flush(sink));
        assertEquals(List.of("id-10", "id-7", "id-8", "id-9"), ids(sink));
        assertEquals(7, log.refused());
    }

    @Test
    void aDatabaseThatIsDownDropsNothingAndIsNotHammered() {
        ExecutionLog log = new ExecutionLog(2_000, CLOCK);
        FakeSink sink = new FakeSink();
        sink.down = true;
        for (int i = 0; i < 1_000; i++) {
            log.record(record(i));
        }
        assertEquals(0, log.flush(sink));
        assertEquals(1 + ExecutionLog.FAILURES_IN_A_ROW, sink.writes, "the batch, then a few records alone");
        log.record(record(1_000));
        assertEquals(0, log.flush(sink));
        assertEquals(1 + ExecutionLog.FAILURES_IN_A_ROW + 2, sink.writes, "the kept records, and one newer alone");

        sink.down = false;
        assertEquals(1_001, log.flush(sink));
        assertEquals(0, log.refused());
        List<String> ids = ids(sink);
        assertEquals("id-0", ids.getFirst());
        assertEquals(1_001, Set.copyOf(ids).size());
    }

    @Test
    void aLongFailureTextIsCutToItsColumnInBytes() {
        String protocolError = "ProtocolException: Invalid header: " + "x".repeat(3_000);
        assertEquals(3_035, protocolError.length());
        String multiByte = "Zo\u00eb \u2603 \uD83D\uDE80 ".repeat(200);
        ExecutionLog log = new ExecutionLog(10, CLOCK);
        log.record(new ExecutionRecord("id-1", "realm", "hook", "pre_sign_in", 1, "u", multiByte, multiByte,
                "failure", true, null, 3, protocolError, multiByte));
        log.record(new ExecutionRecord("id-2", "realm", "hook", "pre_sign_in", 1, "u", "alice", "a@example.com",
                "failure", true, null, 3, multiByte, null));
        FakeSink sink = new FakeSink();
        assertEquals(2, log.flush(sink));

        ExecutionRecord first = sink.written.get(0);
        assertEquals(1_000, utf8(first.failure()));
        assertTrue(protocolError.startsWith(first.failure()));
        assertTrue(utf8(first.username()) <= 255 && utf8(first.email()) <= 255 && utf8(first.message()) <= 500);
        assertTrue(multiByte.startsWith(first.username()) && multiByte.startsWith(first.message()));
        ExecutionRecord second = sink.written.get(1);
        assertTrue(utf8(second.failure()) <= 1_000 && utf8(second.failure()) > 996, "" + utf8(second.failure()));
        assertTrue(multiByte.startsWith(second.failure()));
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
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
