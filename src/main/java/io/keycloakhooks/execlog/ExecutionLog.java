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
 * than the retention. A batch the database refuses is kept and written again on the next round. When the queue is
 * full (the database has been unreachable for a long time) new records are dropped and counted.
 */
public final class ExecutionLog {

    /** Where records go: the database in production, a list in unit tests. */
    public interface Sink {
        void write(List<ExecutionRecord> batch);

        int deleteBefore(long cutoff);
    }

    static final int BATCH_SIZE = 500;
    private static final long RETENTION_INTERVAL_MS = 3_600_000;
    private static final long WARNING_INTERVAL_MS = 60_000;
    private static final Logger LOG = Logger.getLogger(ExecutionLog.class);

    private final BlockingQueue<ExecutionRecord> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Clock clock;
    private List<ExecutionRecord> unwritten = List.of();
    private long retentionRunAt;
    private long warnedAt = Long.MIN_VALUE / 2;
    private long reportedDrops;
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

    /**
     * Writes everything queued so far, in batches; returns how many records were written. A batch that fails stays
     * for the next call, ahead of newer records.
     */
    synchronized int flush(Sink sink) {
        int written = 0;
        while (true) {
            List<ExecutionRecord> batch = unwritten.isEmpty() ? take() : unwritten;
            if (batch.isEmpty()) {
                return written;
            }
            try {
                sink.write(batch);
            } catch (RuntimeException e) {
                unwritten = batch;
                warn("Prehook execution log: cannot write %d records, will retry: %s", batch.size(), e.toString());
                return written;
            }
            unwritten = List.of();
            written += batch.size();
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
