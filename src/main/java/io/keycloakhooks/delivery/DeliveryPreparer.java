package io.keycloakhooks.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import io.keycloakhooks.call.CallChannel;
import io.keycloakhooks.call.HookCaller;
import io.keycloakhooks.config.HookKind;
import io.keycloakhooks.config.HookRef;
import io.keycloakhooks.config.RealmHooks;
import io.keycloakhooks.config.WebhookConfig;
import io.keycloakhooks.outbox.AttemptEntity;
import io.keycloakhooks.outbox.MessageEntity;
import io.keycloakhooks.outbox.OutboxStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Turns leased messages (claimed, or handed over after commit) into signed calls for their webhooks as configured now. */
final class DeliveryPreparer {

    private DeliveryPreparer() {
    }

    /**
     * Claims due messages, except those of realms whose every webhook-lane permit is in use: sending them now
     * would only refuse them (docs/webhooks.md#delivery). {@code skipped} is told those realms before the claim
     * reads past them.
     */
    static List<DeliveryJob> claim(KeycloakSession session, int max, DispatcherSettings settings, Clock clock,
            CallChannel channel, Consumer<Set<String>> skipped) {
        long now = clock.millis();
        OutboxStore store = OutboxStore.of(session);
        Set<String> atLimit = channel.realmsAtLimit();
        skipped.accept(atLimit);
        return prepare(session, store.claim(now, max, now + settings.lease().toMillis(), atLimit), clock, channel);
    }

    /** Turns leased messages into signed calls. */
    static List<DeliveryJob> prepare(KeycloakSession session, List<MessageEntity> leased, Clock clock,
            CallChannel channel) {
        List<DeliveryJob> jobs = new ArrayList<>(leased.size());
        Map<String, HookCaller> callers = new HashMap<>();
        Map<String, RealmHooks> hooks = new HashMap<>();
        for (MessageEntity message : leased) {
            try {
                jobs.add(prepare(session, message, clock, channel, callers, hooks));
            } catch (RuntimeException e) {
                // one message that cannot be prepared fails its own attempt, never the round of every realm
                jobs.add(unsendable(message, AttemptEntity.trigger(message.getAttempts(), message.getRetryStep()),
                        "the message could not be prepared (" + e.getClass().getSimpleName() + ")"));
            }
        }
        return jobs;
    }

    /**
     * {@code callers}: one per realm and issuer in this batch, so each webhook's secret is resolved once;
     * {@code hooks}: each realm's hook configuration, read once per batch.
     */
    private static DeliveryJob prepare(KeycloakSession session, MessageEntity m, Clock clock, CallChannel channel,
            Map<String, HookCaller> callers, Map<String, RealmHooks> hooks) {
        String trigger = AttemptEntity.trigger(m.getAttempts(), m.getRetryStep());
        RealmModel realm = session.realms().getRealm(m.getRealmId());
        Optional<WebhookConfig> webhook = realm == null ? Optional.empty()
                : webhook(hooks.computeIfAbsent(m.getRealmId(), id -> RealmHooks.from(realm.getName(),
                        realm.getAttributes())), m.getWebhookId());
        if (webhook.isEmpty()) {
            return unsendable(m, trigger, "the webhook no longer exists or its configuration is invalid");
        }
        if (!webhook.get().enabled()) {
            return unsendable(m, trigger, "the webhook is disabled");
        }
        if (!webhook.get().subscribesTo(m.getEventType())) { // the test action sends directly, never through here
            return unsendable(m, trigger, "the webhook no longer subscribes to " + m.getEventType());
        }
        session.getContext().setRealm(realm);
        HookCaller caller = callers.computeIfAbsent(m.getRealmId() + " " + m.getIssuer(),
                key -> new HookCaller(session, realm, m.getIssuer(), clock, channel));
        HookCaller.PreparedCall call = caller.prepare(webhook.get(), m.getId(),
                m.getPayload().getBytes(StandardCharsets.UTF_8));
        return new DeliveryJob(m.getId(), m.getLeaseToken(), m.getRealmId(), m.getWebhookId(), trigger, call, null);
    }

    private static Optional<WebhookConfig> webhook(RealmHooks hooks, String webhookId) {
        return hooks.find(new HookRef(HookKind.WEBHOOK, webhookId))
                .flatMap(result -> Optional.ofNullable(result.config()))
                .filter(WebhookConfig.class::isInstance)
                .map(WebhookConfig.class::cast);
    }

    private static DeliveryJob unsendable(MessageEntity m, String trigger, String reason) {
        return new DeliveryJob(m.getId(), m.getLeaseToken(), m.getRealmId(), m.getWebhookId(), trigger, null, reason);
    }
}
