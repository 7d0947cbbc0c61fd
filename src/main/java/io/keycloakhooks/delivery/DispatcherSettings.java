package io.keycloakhooks.delivery;

import java.time.Duration;

/**
 * The dispatcher's server options, read once at start. {@code lease} must outlast the longest attempt (webhook
 * timeouts are at most 30 s): a message whose lease runs out is taken over by another worker.
 */
public record DispatcherSettings(int threads, int batchSize, Duration lease, Duration pollInterval,
        RetrySchedule schedule, Duration retention, Duration autoDisableAfter) {

    public static final int DEFAULT_THREADS = 32;
    public static final int DEFAULT_BATCH_SIZE = 100;
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_AUTO_DISABLE_AFTER = Duration.ofDays(5);

    public DispatcherSettings {
        require(threads >= 1 && threads <= 512, "dispatcher-threads must be between 1 and 512");
        require(batchSize >= 1 && batchSize <= 1000, "claim-batch-size must be between 1 and 1000");
        require(lease.toSeconds() >= 35, "lease-seconds must be at least 35 (longer than the longest webhook timeout)");
        require(!pollInterval.isNegative() && pollInterval.toMillis() >= 10, "poll-interval-ms must be at least 10");
        require(!retention.isNegative() && !retention.isZero(), "retention-days must be positive");
        require(!autoDisableAfter.isNegative() && !autoDisableAfter.isZero(), "auto-disable-after-hours must be positive");
    }

    public static DispatcherSettings defaults() {
        return new DispatcherSettings(DEFAULT_THREADS, DEFAULT_BATCH_SIZE, DEFAULT_LEASE, DEFAULT_POLL_INTERVAL,
                RetrySchedule.DEFAULT, DEFAULT_RETENTION, DEFAULT_AUTO_DISABLE_AFTER);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
