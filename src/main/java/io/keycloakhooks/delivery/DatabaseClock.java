package io.keycloakhooks.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

/**
 * This node's clock set to the database's time (docs/webhooks.md#delivery): leases, due times and retry times are
 * compared between nodes, so each node reads the database's clock now and then and keeps the offset to its own.
 * Between reads it is as cheap as the local clock. When the database's time cannot be read, the last offset stays
 * (at first none: the local clock).
 */
final class DatabaseClock extends Clock {

    static final long ALIGN_EVERY_MS = 60_000;
    /** An offset this large is logged: the node's clock is off, and would shift its leases without the alignment. */
    static final long NOTABLE_OFFSET_MS = 1_000;

    private static final Logger LOG = Logger.getLogger(DatabaseClock.class);

    private final Clock local;
    private volatile long offsetMillis;
    private volatile long alignedAt = Long.MIN_VALUE;
    private volatile boolean failureLogged;

    DatabaseClock(Clock local) {
        this.local = local;
    }

    boolean alignDue() {
        return alignedAt == Long.MIN_VALUE || local.millis() - alignedAt >= ALIGN_EVERY_MS;
    }

    /** Reads the database's time; the offset is measured against the middle of the read. */
    void align(LongSupplier databaseMillis) {
        long before = local.millis();
        long database = databaseMillis.getAsLong();
        long after = local.millis();
        long offset = database - (before + after) / 2;
        if (Math.abs(offset) >= NOTABLE_OFFSET_MS && Math.abs(offset - offsetMillis) >= NOTABLE_OFFSET_MS) {
            LOG.infof("Webhook dispatcher: this node's clock is %d ms %s the database's; leases and retry times follow"
                    + " the database", Math.abs(offset), offset > 0 ? "behind" : "ahead of");
        }
        offsetMillis = offset;
        alignedAt = after;
    }

    /** The database's time could not be read: keep the last offset, try again at the next interval. */
    void alignFailed(RuntimeException e) {
        alignedAt = local.millis();
        if (!failureLogged) {
            failureLogged = true;
            LOG.warnf("Webhook dispatcher: cannot read the database's time (%s); leases use this node's clock",
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    long offsetMillis() {
        return offsetMillis;
    }

    @Override
    public long millis() {
        return local.millis() + offsetMillis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the database clock is UTC only");
    }
}
