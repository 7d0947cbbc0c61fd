package io.keycloakhooks.execlog;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

/**
 * The execution log's writer. A flow step or token request only queues its record (no database work on the
 * login's path); one background thread writes the queue in batches every {@code interval} and deletes records older
 * than the retention. When the database refuses a batch, its records are written one by one: a record that fails
 * on its own while others are written is refused (by its content, not because the database is down), so it is
 * dropped and counted and never holds up later records. When no record can be written at all, the database is
 * taken to be down and the records are kept for the next round, ahead of newer ones. When the queue is full (the
 * database has been unreachable for a long time) new records are dropped and counted.
 */
public final class ExecutionLog {

    /** Where records go: the database in production, a list in unit tests. */
    public interface Sink {
        void write(List<ExecutionRecord> batch);

        int deleteBefore(long cutoff);
    }

    static final int BATCH_SIZE = 500;
    /** Kept records past which no newer record is taken to test whether the database is up. */
    private static final int MAX_UNWRITTEN = 2 * BATCH_SIZE;
    /** Records of a batch failing on their own in a row that are taken as the database going down. */
    static final int FAILURES_IN_A_ROW = 5;
    private static final long RETENTION_INTERVAL_MS = 3_600_000;
    private static final long WARNING_INTERVAL_MS = 60_000;
    private static final Logger LOG = Logger.getLogger(ExecutionLog.class);

    private final BlockingQueue<ExecutionRecord> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Clock clock;
    /** Records that failed while nothing could be written: the database may be down. */
    private List<ExecutionRecord> unwritten = List.of();
    private long retentionRunAt;
    private long warnedAt = Long.MIN_VALUE / 2;
    private long reportedDrops;
    private long reportedRefusals;
    private String lastRefusal;
    private volatile Thread writer;

    public ExecutionLog(int capacity, Clock clock) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.clock = clock;
    }

    public void record(ExecutionRecord record) {
        if (!queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    /** Records dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Records dropped because the database refused them. */
    public long refused() {
        return refused.get();
    }

    /**
     * Writes everything queued so far, in batches; returns how many records were written. Records kept because
     * the database seemed down are tried first.
     */
    synchronized int flush(Sink sink) {
        Round round = new Round(sink);
        if (unwritten.isEmpty() || retryUnwritten(round)) {
            for (List<ExecutionRecord> batch = take(); !batch.isEmpty(); batch = take()) {
                List<ExecutionRecord> rest = round.write(batch);
                if (!rest.isEmpty()) {
                    unwritten = rest;
                    warn("Prehook execution log: cannot write %d records, will retry: %s", rest.size(), round.failure);
                    break;
                }
            }
        }
        reportRefusals();
        return round.written;
    }

    /**
     * Tries the kept records again; returns whether the database took them (or showed it is up and refused some).
     * When they fail again, one newer record written on its own tells a database that is down (keep them) from
     * records it refuses (write them one by one).
     */
    private boolean retryUnwritten(Round round) {
        List<ExecutionRecord> kept = unwritten;
        if (round.batch(kept)) {
            unwritten = List.of();
            return true;
        }
        ExecutionRecord probe = kept.size() < MAX_UNWRITTEN ? queue.poll() : null;
        if (probe == null || !round.alone(probe)) {
            if (probe != null) {
                List<ExecutionRecord> more = new ArrayList<>(kept);
                more.add(probe);
                unwritten = more;
            }
            warn("Prehook execution log: cannot write %d records, will retry: %s", unwritten.size(), round.failure);
            return false;
        }
        unwritten = List.of();
        round.writeOrRefuse(kept);
        return true;
    }

    /** One flush: what it wrote and why the last write failed. */
    private final class Round {
        final Sink sink;
        int written;
        String failure;

        Round(Sink sink) {
            this.sink = sink;
        }

        /**
         * Writes the batch, else its records one by one. A record that fails on its own is refused when another
         * record is written in this round; {@link #FAILURES_IN_A_ROW} failures in a row are rather the database
         * going down. Returns the records to keep for the next round (the database may be down): those not written
         * while nothing was, or that run of failures and the records not tried yet.
         */
        List<ExecutionRecord> write(List<ExecutionRecord> batch) {
            if (batch(batch)) {
                return List.of();
            }
            List<ExecutionRecord> failed = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                ExecutionRecord record = batch.get(i);
                if (alone(record)) {
                    refuse(failed.size());
                    failed.clear();
                    continue;
                }
                failed.add(record);
                if (failed.size() == FAILURES_IN_A_ROW) {
                    failed.addAll(batch.subList(i + 1, batch.size()));
                    return failed;
                }
            }
            if (written == 0) {
                return failed;
            }
            refuse(failed.size());
            return List.of();
        }

        /** Writes the records one by one, dropping those that fail: the database has just written another. */
        void writeOrRefuse(List<ExecutionRecord> records) {
            for (ExecutionRecord record : records) {
                if (!alone(record)) {
                    refuse(1);
                }
            }
        }

        private void refuse(int records) {
            if (records > 0) {
                refused.addAndGet(records);
                lastRefusal = failure;
            }
        }

        boolean batch(List<ExecutionRecord> batch) {
            try {
                sink.write(batch);
            } catch (RuntimeException e) {
                failure = e.toString();
                return false;
            }
            written += batch.size();
            return true;
        }

        boolean alone(ExecutionRecord record) {
            return batch(List.of(record));
        }
    }

    private List<ExecutionRecord> take() {
        List<ExecutionRecord> batch = new ArrayList<>(Math.min(BATCH_SIZE, queue.size()));
        queue.drainTo(batch, BATCH_SIZE);
        return batch;
    }

    /** Deletes records older than {@code retention}, at most once an hour. */
    synchronized void expire(Sink sink, Duration retention) {
        long now = clock.millis();
        if (now - retentionRunAt < RETENTION_INTERVAL_MS) {
            return;
        }
        retentionRunAt = now;
        try {
            int deleted = sink.deleteBefore(now - retention.toMillis());
            if (deleted > 0) {
                LOG.infof("Prehook execution log: deleted %d records older than %s", deleted, retention);
            }
        } catch (RuntimeException e) {
            warn("Prehook execution log: retention failed, will retry: %s", e.toString());
        }
    }

    public void start(Sink sink, Duration interval, Duration retention) {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                flush(sink);
                expire(sink, retention);
                reportDrops();
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "hooks-execution-log");
        thread.setDaemon(true);
        writer = thread;
        thread.start();
    }

    /** Stops the writer and writes what is still queued. */
    public void stop(Sink sink) {
        Thread thread = writer;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush(sink);
    }

    private void reportDrops() {
        long now = dropped.get();
        if (now > reportedDrops && warn("Prehook execution log: %d records dropped, the queue was full",
                now - reportedDrops)) {
            reportedDrops = now;
        }
    }

    private void reportRefusals() {
        long now = refused.get();
        if (now > reportedRefusals && warn("Prehook execution log: %d records dropped, the database refused them: %s",
                now - reportedRefusals, lastRefusal)) {
            reportedRefusals = now;
        }
    }

    /** Logs at most one warning a minute; returns whether this one was logged. */
    private boolean warn(String format, Object... args) {
        long now = clock.millis();
        if (now - warnedAt < WARNING_INTERVAL_MS) {
            return false;
        }
        warnedAt = now;
        LOG.warnf(format, args);
        return true;
    }
}
