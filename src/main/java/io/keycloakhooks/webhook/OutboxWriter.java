package io.keycloakhooks.webhook;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.WebhookConfig;
import io.keycloakhooks.delivery.AfterCommitDelivery;
import io.keycloakhooks.format.WebhookBodies;
import io.keycloakhooks.outbox.MessageEntity;
import io.keycloakhooks.outbox.MessageStatus;
import io.keycloakhooks.outbox.OutboxStore;
import io.keycloakhooks.outbox.TimeOrderedIds;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;

/**
 * Writes one outbox message per matching type and webhook, in the transaction that is open (the change's own,
 * or Keycloak's error-event transaction); each goes to the dispatcher once that transaction commits.
 */
final class OutboxWriter {

    private static final int MAX_ISSUERS = 1000;
    /** By base URL and realm name; a space separates them, as no URL contains one. */
    private static final Map<String, String> ISSUERS = new ConcurrentHashMap<>();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final List<WebhookConfig> webhooks;
    private final Supplier<AfterCommitDelivery> afterCommit;

    OutboxWriter(KeycloakSession session, RealmModel realm, List<WebhookConfig> enabledWebhooks,
            Supplier<AfterCommitDelivery> afterCommit) {
        this.session = session;
        this.realm = realm;
        this.webhooks = enabledWebhooks;
        this.afterCommit = afterCommit;
    }

    boolean wants(String type) {
        return webhooks.stream().anyMatch(webhook -> webhook.subscribesTo(type));
    }

    /**
     * @param data built at most once, and only when some webhook subscribes to one of the types
     * @param event names the event in the log when the write fails
     * @param errorEventTransaction whether this runs in Keycloak's error-event transaction, not the request's
     * @return how many messages were written; on a failure none commit ({@link OutboxWriteFailure})
     */
    int write(List<String> types, long eventTime, Supplier<ObjectNode> data, String event,
            boolean errorEventTransaction) {
        try {
            return writeAll(types, eventTime, data);
        } catch (RuntimeException failure) {
            OutboxWriteFailure.failTransaction(session, event, errorEventTransaction, failure);
            return 0;
        }
    }

    private int writeAll(List<String> types, long eventTime, Supplier<ObjectNode> data) {
        ObjectNode shared = null;
        OutboxStore store = null;
        AfterCommitDelivery delivery = null;
        String issuer = null;
        int written = 0;
        for (String type : types) {
            for (WebhookConfig webhook : webhooks) {
                if (!webhook.subscribesTo(type)) {
                    continue;
                }
                if (shared == null) {
                    shared = data.get();
                    store = OutboxStore.of(session);
                    delivery = afterCommit.get();
                    issuer = issuer();
                }
                String id = TimeOrderedIds.next();
                String body = WebhookBodies.reshapes(webhook)
                        ? WebhookBodies.render(webhook, WebhookBodies.envelope(id, type, Timestamps.format(eventTime),
                                realm.getId(), realm.getName(), shared), issuer)
                        : Envelopes.envelope(id, type, eventTime, realm, shared);
                MessageEntity message = message(id, type, webhook, issuer, body);
                delivery.add(message);
                store.add(message);
                written++;
            }
        }
        return written;
    }

    private MessageEntity message(String id, String type, WebhookConfig webhook, String issuer, String envelope) {
        long now = System.currentTimeMillis();
        MessageEntity m = new MessageEntity();
        m.setId(id);
        m.setRealmId(realm.getId());
        m.setWebhookId(webhook.id());
        m.setEventType(type);
        m.setIssuer(issuer);
        m.setPayload(envelope);
        m.setStatus(MessageStatus.PENDING.value());
        m.setCreatedAt(now);
        m.setNextAttemptAt(now);
        return m;
    }

    /** The realm's issuer as the request that caused the event saw it; signed into {@code x-webhook-secret}. */
    private String issuer() {
        URI base;
        try {
            base = session.getContext().getUri().getBaseUri();
        } catch (RuntimeException noRequest) {
            return "/realms/" + realm.getName();
        }
        // Building the URL is a noticeable part of writing a message, and a node sees few base URLs and realms.
        if (ISSUERS.size() > MAX_ISSUERS) {
            ISSUERS.clear();
        }
        return ISSUERS.computeIfAbsent(base + " " + realm.getName(), key -> Urls.realmIssuer(base, realm.getName()));
    }
}
