package io.keycloakhooks.delivery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.keycloakhooks.outbox.OutboxStore;
import io.keycloakhooks.transport.HookResponse;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Delivers outbox messages (SPEC §4.1). One coordinator thread does all database work: it records finished
 * attempts, then claims as many due messages as there are idle workers, and hands them to a fixed pool of worker
 * threads that only do HTTP. It sleeps until nudged (after a commit wrote messages, or a worker finished) or until
 * the poll interval passes, which is how it finds retries that came due and messages written on other nodes.
 * Between rounds that were not full it waits a few milliseconds, so that work arriving together is handled in
 * one transaction.
 */
public final class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final long BACKLOG_INTERVAL_MS = 10_000;
    private static final long RETENTION_INTERVAL_MS = 3_600_000;
    /**
     * Pause between database rounds that were not full: results and new messages gather meanwhile, so under load
     * one transaction handles many of them instead of one each. Adds at most this much to a delivery's latency.
     */
    private static final long GATHER_MS = 10;

    private final KeycloakSessionFactory factory;
    private final DispatcherSettings settings;
    private final Clock clock;
    private final DeliveryMetrics metrics;
    private final ResultRecorder recorder;
    private final ExecutorService workers;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<DeliveryResult> results = new ConcurrentLinkedQueue<>();
    private final Semaphore wakeUp = new Semaphore(0);
    private final Thread coordinator;
    private volatile boolean running;
    private long backlogCheckedAt;
    private long retentionRunAt;

    public Dispatcher(KeycloakSessionFactory factory, DispatcherSettings settings, Clock clock, DeliveryMetrics metrics) {
        this.factory = factory;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.recorder = new ResultRecorder(settings, clock, metrics);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(settings.threads(), r -> daemon(r, "keycloak-hooks-delivery-" + n.incrementAndGet()));
        this.coordinator = daemon(this::run, "keycloak-hooks-dispatcher");
    }

    public void start() {
        running = true;
        coordinator.start();
        LOG.infof("Webhook dispatcher started: %d workers, retry schedule %s", settings.threads(),
                settings.schedule().delays());
    }

    /** Wakes the coordinator now instead of at the next poll. Cheap, callable from any thread. */
    public void nudge() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    public void stop() {
        running = false;
        coordinator.interrupt();
        workers.shutdownNow();
    }

    private void run() {
        while (running) {
            try {
                int recorded = recordResults();
                int claimable = Math.min(settings.threads() - inFlight.get(), settings.batchSize());
                int claimed = claimAndSend(claimable);
                housekeeping();
                if (recorded == 0 && claimed == 0) {
                    wakeUp.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
                boolean backlog = claimable > 0 && claimed == claimable;
                if (!backlog && recorded < settings.batchSize()) {
                    Thread.sleep(GATHER_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("Webhook dispatcher: a database round failed, trying again after the poll interval", e);
                sleepQuietly();
            }
        }
    }

    /** @return how many results were recorded */
    private int recordResults() {
        List<DeliveryResult> batch = new ArrayList<>();
        for (DeliveryResult r; batch.size() < settings.batchSize() * 2 && (r = results.poll()) != null; ) {
            batch.add(r);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> recorder.record(session, batch));
        } catch (RuntimeException e) {
            // The messages stay leased; when the lease runs out they are sent again (at-least-once).
            LOG.warnf(e, "Webhook dispatcher: could not record %d attempt results", batch.size());
        }
        return batch.size();
    }

    /** @return how many messages were claimed, at most {@code max} */
    private int claimAndSend(int max) {
        if (max <= 0) {
            return 0;
        }
        List<DeliveryJob> jobs = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> DeliveryPreparer.claim(session, max, settings, clock));
        for (DeliveryJob job : jobs) {
            if (job.call() == null) {
                results.add(new DeliveryResult(job, null, clock.millis()));
                continue;
            }
            inFlight.incrementAndGet();
            workers.execute(() -> send(job));
        }
        return jobs.size();
    }

    private void send(DeliveryJob job) {
        long attemptedAt = clock.millis();
        HookResponse response;
        try {
            response = job.call().send();
        } catch (RuntimeException e) {
            response = HookResponse.failed("the request could not be sent: " + e.getClass().getSimpleName(), 0);
        } finally {
            inFlight.decrementAndGet();
        }
        results.add(new DeliveryResult(job, response, attemptedAt));
        nudge();
    }

    private void housekeeping() {
        long now = clock.millis();
        if (now - backlogCheckedAt >= BACKLOG_INTERVAL_MS) {
            backlogCheckedAt = now;
            metrics.backlog(KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> OutboxStore.of(session).backlog()));
        }
        if (now - retentionRunAt >= RETENTION_INTERVAL_MS) {
            retentionRunAt = now;
            int deleted = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                    session -> OutboxStore.of(session).deleteFinishedBefore(now - settings.retention().toMillis()));
            if (deleted > 0) {
                LOG.infof("Webhook delivery log: deleted %d messages older than %s", deleted, settings.retention());
            }
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(settings.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
