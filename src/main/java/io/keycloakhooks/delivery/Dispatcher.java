package io.keycloakhooks.delivery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.keycloakhooks.call.CallChannel;
import io.keycloakhooks.outbox.MessageEntity;
import io.keycloakhooks.outbox.OutboxStore;
import io.keycloakhooks.transport.HookResponse;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Delivers outbox messages (docs/webhooks.md#delivery). One coordinator thread does all database work: it records finished
 * attempts (in batches, see {@link #RECORD_DELAY_MS}), prepares the messages handed over after their commit
 * (already leased to it), then claims as many due messages as there are idle workers, and hands them all to a
 * fixed pool of worker threads that only do HTTP. It sleeps until nudged (a hand-off, a commit that needs a claim,
 * a worker finished) or until the poll interval passes, which is how it finds retries that came due and messages
 * written on other nodes. Between rounds that were not full it waits a few milliseconds, so that work arriving
 * together is handled in one transaction.
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
    /**
     * How long finished attempts may wait before they are written (unless a full batch is waiting sooner): under
     * load one transaction records hundreds of them instead of a few. The lease keeps a sent message from being
     * sent again meanwhile; if the node dies first, the message is sent again, with the same id.
     */
    private static final long RECORD_DELAY_MS = 250;
    /**
     * How long a delivery refused for its realm's webhook limit waits in memory for a call of that realm to end
     * before it goes back to the outbox (AttemptOutcome.Deferred): a burst over the limit is sent as calls end,
     * without a second claim, and the lease (at least 35 s) still outlasts the wait plus one call (at most 30 s).
     */
    private static final long PERMIT_WAIT_MS = 1_000;

    private final KeycloakSessionFactory factory;
    private final DispatcherSettings settings;
    private final DatabaseClock clock;
    private final DeliveryMetrics metrics;
    /** The server's webhook call lane, looked up in the round's session (its client is built with the session's truststore). */
    private final Function<KeycloakSession, CallChannel> channel;
    private final ResultRecorder recorder;
    private final ExecutorService workers;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<DeliveryResult> results = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<MessageEntity> handedOff = new ConcurrentLinkedQueue<>();
    private final PermitWaits permitWaits;
    /**
     * Realms a claim read past because their webhook permits were all in use. Their due messages wait in the outbox
     * without a claim being due for them, so the call of such a realm that frees a permit asks for a claim; without
     * that, a one-realm backlog drained a claim per poll interval.
     */
    private final Set<String> skippedRealms = ConcurrentHashMap.newKeySet();
    private final HandoffAdmission admission;
    /** Every message leased for a hand-off carries it; claims always stamp a fresh token, so a take-over shows. */
    private final String handoffLease = UUID.randomUUID().toString();
    private final Semaphore wakeUp = new Semaphore(0);
    private final Thread coordinator;
    private volatile boolean running;
    private final AtomicBoolean claimWanted = new AtomicBoolean(true);
    /** The last claim was full, or found no idle worker: more messages are due than were claimed. */
    private boolean moreDue;
    private long claimedAt;
    private long backlogCheckedAt;
    private long retentionRunAt;

    public Dispatcher(KeycloakSessionFactory factory, DispatcherSettings settings, Clock clock, DeliveryMetrics metrics,
            Function<KeycloakSession, CallChannel> channel) {
        this.factory = factory;
        this.channel = channel;
        this.settings = settings;
        this.clock = new DatabaseClock(clock);
        this.metrics = metrics;
        this.recorder = new ResultRecorder(settings, this.clock);
        this.admission = new HandoffAdmission(queueLimit(), inFlight::get);
        this.permitWaits = new PermitWaits(settings.threads(), PERMIT_WAIT_MS);
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

    /** Asks for a claim now instead of at the next poll (something was queued). Cheap, callable from any thread. */
    public void nudge() {
        claimWanted.set(true);
        wake();
    }

    private void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    /**
     * Leases a message that is about to be written to this dispatcher, for a hand-off after its commit, unless
     * the dispatcher is busy enough that the message had better wait for a claim.
     */
    boolean leaseForHandoff(MessageEntity message) {
        if (!running || !admission.tryReserve()) {
            return false;
        }
        message.setLeaseToken(handoffLease);
        message.setNextAttemptAt(message.getCreatedAt() + settings.lease().toMillis());
        return true;
    }

    /**
     * How many calls may be sent or wait for a worker at once: about one per worker, so that no call waits behind
     * a whole round of slow calls and outlives its lease (the lease outlasts one call, not two).
     */
    private int queueLimit() {
        return settings.threads();
    }

    /** Takes committed messages that {@link #leaseForHandoff} leased. */
    void handOff(List<MessageEntity> committed) {
        handedOff.addAll(committed);
        wake();
    }

    /** Gives back the leases of hand-offs whose transaction rolled back (their rows were never written). */
    void release(int rolledBack) {
        admission.free(rolledBack);
    }

    public void stop() {
        running = false;
        coordinator.interrupt();
        workers.shutdownNow();
    }

    private void run() {
        while (running) {
            try {
                int handled = round();
                housekeeping();
                if (handled == 0) {
                    wakeUp.tryAcquire(idleWait(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                } else if (!moreDue) {
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

    /** In a transaction of its own: a failed read must not abort the round's transaction (PostgreSQL would). */
    private void alignClock() {
        if (!clock.alignDue()) {
            return;
        }
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> clock.align(OutboxStore.of(session)::databaseMillis));
        } catch (RuntimeException e) {
            clock.alignFailed(e);
        }
    }

    /**
     * One transaction: records finished attempts, prepares the handed-over messages, and claims due messages when
     * asked to, at the poll interval, or while a backlog lasts; after the commit, the workers get the calls.
     *
     * @return how many results and messages the round handled
     */
    private int round() {
        alignClock();
        long now = clock.millis();
        for (PermitWaits.Waiting waited : permitWaits.expired(now)) {
            results.add(new DeliveryResult(waited.job(), waited.refusal(), waited.since()));
        }
        List<DeliveryResult> finished = resultsDue(now) ? drain(results, settings.batchSize() * 2) : List.of();
        List<MessageEntity> handed = drain(handedOff, Integer.MAX_VALUE);
        admission.free(handed.size());
        boolean claimDue = claimWanted.getAndSet(false) || moreDue || now - claimedAt >= settings.pollInterval().toMillis();
        int claimable = claimDue ? Math.min(queueLimit() - inFlight.get() - handed.size(), settings.batchSize()) : 0;
        // With every worker busy, the claim waits for the next round that a finished worker starts.
        moreDue = claimDue && claimable <= 0;
        if (finished.isEmpty() && handed.isEmpty() && claimable <= 0) {
            return 0;
        }
        if (claimable > 0) {
            claimedAt = now;
        }
        List<DeliveryJob> jobs;
        try {
            jobs = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                if (!finished.isEmpty()) {
                    recorder.record(session, finished);
                }
                List<DeliveryJob> prepared = new ArrayList<>(DeliveryPreparer.prepare(session, handed, clock, channel.apply(session)));
                if (claimable > 0) {
                    prepared.addAll(DeliveryPreparer.claim(session, claimable, settings, clock, channel.apply(session),
                            skippedRealms::addAll));
                }
                return prepared;
            });
        } catch (RuntimeException e) {
            LOG.warnf("Webhook dispatcher: a database round failed (%s); recording %d results and preparing %d "
                    + "handed-over messages one by one", brief(e), finished.size(), handed.size());
            LOG.debug("Webhook dispatcher: the failed round", e);
            jobs = oneByOne(finished, handed);
            dispatch(jobs);
            return finished.size() + jobs.size();
        }
        if (claimable > 0) {
            moreDue = jobs.size() - handed.size() == claimable; // a full claim: there may be more
        }
        dispatch(jobs);
        return finished.size() + jobs.size();
    }

    /**
     * After a failed round: each result and each handed-over message in a transaction of its own, so one that the
     * database refuses costs only itself. A result that still cannot be written is dropped (its message's lease runs
     * out and it is sent again, with the same id); a message that still cannot be prepared stays leased and is
     * claimed again after its lease. The claim waits for the next round.
     */
    private List<DeliveryJob> oneByOne(List<DeliveryResult> finished, List<MessageEntity> handed) {
        for (DeliveryResult result : finished) {
            inOwnTransaction("recording an attempt of message " + result.job().messageId(), session -> {
                recorder.record(session, List.of(result));
                return List.of();
            });
        }
        List<DeliveryJob> jobs = new ArrayList<>();
        for (MessageEntity message : handed) {
            jobs.addAll(inOwnTransaction("preparing message " + message.getId(),
                    session -> DeliveryPreparer.prepare(session, List.of(message), clock, channel.apply(session))));
        }
        claimWanted.set(true);
        return jobs;
    }

    private List<DeliveryJob> inOwnTransaction(String what, Function<KeycloakSession, List<DeliveryJob>> work) {
        try {
            return KeycloakModelUtils.runJobInTransactionWithResult(factory, work::apply);
        } catch (RuntimeException e) {
            LOG.warnf("Webhook dispatcher: %s failed (%s); it is retried when its lease runs out", what, brief(e));
            return List.of();
        }
    }

    /** The exception's class and the first line of its message, at most 300 characters: no stack trace per round. */
    private static String brief(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
        String text = root.getClass().getSimpleName() + ": " + message;
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private boolean resultsDue(long now) {
        DeliveryResult oldest = results.peek();
        return oldest != null && (now - oldest.attemptedAt() >= RECORD_DELAY_MS
                || results.size() >= settings.batchSize());
    }

    /** Until the next poll, the oldest waiting result is due to be written, or a wait for a permit runs out. */
    private long idleWait() {
        DeliveryResult oldest = results.peek();
        long wakeAt = Math.min(permitWaits.nextExpiry(),
                oldest == null ? Long.MAX_VALUE : oldest.attemptedAt() + RECORD_DELAY_MS);
        long poll = settings.pollInterval().toMillis();
        return wakeAt == Long.MAX_VALUE ? poll : Math.max(1, Math.min(poll, wakeAt - clock.millis()));
    }

    private static <T> List<T> drain(ConcurrentLinkedQueue<T> queue, int max) {
        List<T> batch = new ArrayList<>();
        for (T item; batch.size() < max && (item = queue.poll()) != null; ) {
            batch.add(item);
        }
        return batch;
    }

    private void dispatch(List<DeliveryJob> jobs) {
        for (DeliveryJob job : jobs) {
            if (job.call() == null) {
                results.add(new DeliveryResult(job, null, clock.millis()));
                continue;
            }
            inFlight.incrementAndGet();
            workers.execute(() -> send(job));
        }
    }

    /**
     * Sends the job, then, while the realm has deliveries waiting for a permit (the call that just ended freed
     * one), the longest-waiting of them. A job refused for its realm's limit waits in {@link #permitWaits}
     * instead of going back to the outbox, unless too many wait already.
     */
    private void send(DeliveryJob first) {
        try {
            DeliveryJob job = first;
            while (job != null) {
                long attemptedAt = clock.millis();
                HookResponse response = attempt(job);
                if (response.refused() && permitWaits.offer(job, response, attemptedAt)) {
                    break;
                }
                if (!response.refused()) { // a refusal is no attempt: the message goes back shortly (AttemptOutcome.Deferred)
                    metrics.attempt(response);
                }
                results.add(new DeliveryResult(job, response, attemptedAt));
                if (response.refused()) {
                    break;
                }
                String realm = job.realmId();
                job = permitWaits.next(realm).orElse(null);
                if (job == null && skippedRealms.remove(realm)) {
                    claimWanted.set(true); // this call freed a permit of a realm whose due messages a claim read past
                }
            }
        } finally {
            inFlight.decrementAndGet();
        }
        wake();
    }

    private static HookResponse attempt(DeliveryJob job) {
        try {
            return job.call().send();
        } catch (RuntimeException e) {
            return HookResponse.failed("the request could not be sent: " + e.getClass().getSimpleName(), 0);
        }
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
