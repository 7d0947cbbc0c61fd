package io.keycloakhooks.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.keycloakhooks.outbox.AttemptEntity;
import io.keycloakhooks.outbox.MessageEntity;
import io.keycloakhooks.outbox.MessageStatus;
import io.keycloakhooks.outbox.OutboxStore;
import io.keycloakhooks.outbox.TimeOrderedIds;
import io.keycloakhooks.text.Utf8Text;
import io.keycloakhooks.transport.HookResponse;
import org.keycloak.models.KeycloakSession;

/**
 * Writes a batch of attempt results in one transaction: the delivered marks with their successful attempts (one
 * batch, each guarded by the message's lease token), the failed attempts' rows, each other message's next state
 * ({@link AttemptOutcome}; a call refused for capacity only makes its message due again shortly), and webhook disabling on {@code 410 Gone} or after failing for too long.
 */
final class ResultRecorder {

    private static final int MAX_ERROR = 1000;
    /** How often one webhook's failure streak is checked against the auto-disable limit. */
    private static final long STREAK_CHECK_INTERVAL_MS = 60_000;

    private final DispatcherSettings settings;
    private final Clock clock;
    private final Map<String, Long> streakCheckedAt = new ConcurrentHashMap<>();

    ResultRecorder(DispatcherSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    void record(KeycloakSession session, List<DeliveryResult> results) {
        OutboxStore store = OutboxStore.of(session);
        long now = clock.millis();
        List<AttemptEntity> failedAttempts = new ArrayList<>();
        List<OutboxStore.Delivery> delivered = new ArrayList<>(results.size());
        List<DeliveryResult> others = new ArrayList<>();
        for (DeliveryResult result : results) {
            HookResponse response = result.response();
            if (response != null && response.isSuccess()) {
                delivered.add(new OutboxStore.Delivery(result.job().messageId(), result.job().leaseToken(),
                        response.status(), response.latencyMillis(), result.attemptedAt() + response.latencyMillis()));
                continue;
            }
            if (response != null && !response.refused()) {
                failedAttempts.add(attempt(result.job(), response, result.attemptedAt()));
            }
            others.add(result);
        }
        store.addAttempts(failedAttempts);
        store.markDelivered(delivered);
        recordFailures(session, store, others, now);
    }

    /** Unsendable jobs and failed attempts: each message's next step ({@link AttemptOutcome}). */
    private void recordFailures(KeycloakSession session, OutboxStore store, List<DeliveryResult> results, long now) {
        if (results.isEmpty()) {
            return;
        }
        Set<String> failing = new HashSet<>();
        Map<String, String> leases = new HashMap<>();
        results.forEach(r -> leases.put(r.job().messageId(), r.job().leaseToken()));
        Map<String, MessageEntity> held = store.leased(leases);
        for (DeliveryResult result : results) {
            DeliveryJob job = result.job();
            MessageEntity message = held.get(job.messageId());
            if (message == null) {
                continue; // the lease ran out and another worker owns the message now
            }
            message.setLeaseToken(null);
            if (result.response() == null) {
                fail(message, job.unsendable(), now);
                continue;
            }
            AttemptOutcome outcome = AttemptOutcome.of(result.response(), message.getRetryStep(), settings.schedule(),
                    Instant.ofEpochMilli(now), () -> ThreadLocalRandom.current().nextDouble());
            if (outcome instanceof AttemptOutcome.Deferred deferred) {
                message.setNextAttemptAt(deferred.at().toEpochMilli());
                continue;
            }
            message.setAttempts(message.getAttempts() + 1);
            switch (outcome) {
                case AttemptOutcome.Delivered d -> { // not reached: successes are marked delivered in record()
                    message.setStatus(MessageStatus.DELIVERED.value());
                    message.setDeliveredAt(now);
                    message.setLastError(null);
                }
                case AttemptOutcome.Retry retry -> {
                    message.setNextAttemptAt(retry.at().toEpochMilli());
                    message.setRetryStep(message.getRetryStep() + 1);
                    markFailure(message, retry.error(), now);
                    failing.add(job.realmId() + "/" + job.webhookId());
                }
                case AttemptOutcome.Failed failed -> {
                    fail(message, failed.error(), now);
                    failing.add(job.realmId() + "/" + job.webhookId());
                }
                case AttemptOutcome.Gone gone -> {
                    fail(message, gone.error(), now);
                    WebhookDisabler.disable(session, job.realmId(), job.webhookId(),
                            "the endpoint answered 410 Gone at " + Instant.ofEpochMilli(now));
                }
                case AttemptOutcome.Deferred d -> throw new IllegalStateException("handled above");
            }
        }
        failing.forEach(key -> disableAfterLongFailure(session, store, key, now));
    }

    /** docs/webhooks.md#delivery: a webhook whose every attempt has failed for the configured time (5 days) is disabled. */
    private void disableAfterLongFailure(KeycloakSession session, OutboxStore store, String key, long now) {
        Long checked = streakCheckedAt.get(key);
        if (checked != null && now - checked < STREAK_CHECK_INTERVAL_MS) {
            return;
        }
        streakCheckedAt.put(key, now);
        String[] ids = key.split("/", 2);
        Long failingSince = store.oldestFailureSince(ids[0], ids[1], store.lastDelivery(ids[0], ids[1]));
        if (failingSince != null && now - failingSince >= settings.autoDisableAfter().toMillis()) {
            WebhookDisabler.disable(session, ids[0], ids[1], "every delivery attempt failed since "
                    + Instant.ofEpochMilli(failingSince) + " (auto-disabled after " + settings.autoDisableAfter() + ")");
        }
    }

    private static void fail(MessageEntity message, String error, long now) {
        message.setStatus(MessageStatus.FAILED.value());
        markFailure(message, error, now);
    }

    private static void markFailure(MessageEntity message, String error, long now) {
        message.setLastError(truncate(error));
        if (message.getFirstFailureAt() == null) {
            message.setFirstFailureAt(now);
        }
    }

    private static AttemptEntity attempt(DeliveryJob job, HookResponse response, long attemptedAt) {
        AttemptEntity attempt = new AttemptEntity();
        attempt.setId(TimeOrderedIds.next());
        attempt.setMessageId(job.messageId());
        attempt.setAttemptedAt(attemptedAt);
        attempt.setTrigger(job.trigger());
        attempt.setStatusCode(response.status() == 0 ? null : response.status());
        attempt.setLatencyMs(response.latencyMillis());
        attempt.setError(response.isSuccess() ? null : truncate(AttemptOutcome.describe(response)));
        return attempt;
    }

    /** In UTF-8 bytes: the error columns count bytes on some databases, and a receiver's text can be any. */
    private static String truncate(String text) {
        return Utf8Text.cut(text, MAX_ERROR);
    }
}
