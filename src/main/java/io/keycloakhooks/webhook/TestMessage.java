package io.keycloakhooks.webhook;

import java.time.Clock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.WebhookConfig;
import io.keycloakhooks.format.WebhookBodies;
import org.keycloak.models.RealmModel;

/** The {@code webhook.test} envelope (docs/webhooks.md#envelope) that the test action sends. */
public final class TestMessage {

    public static final String TYPE = "webhook.test";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestMessage() {
    }

    public static byte[] envelope(String messageId, RealmModel realm, WebhookConfig webhook, Clock clock) {
        return standard(messageId, realm, webhook, clock);
    }

    /** The test message in the webhook's format and payload (docs/formats.md), as it is sent. */
    public static byte[] envelope(String messageId, RealmModel realm, WebhookConfig webhook, Clock clock, String issuer) {
        if (!WebhookBodies.reshapes(webhook)) {
            return standard(messageId, realm, webhook, clock);
        }
        try {
            return WebhookBodies.renderBytes(webhook, (ObjectNode) JSON.readTree(standard(messageId, realm, webhook, clock)),
                    issuer);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] standard(String messageId, RealmModel realm, WebhookConfig webhook, Clock clock) {
        ObjectNode envelope = JSON.createObjectNode()
                .put("id", messageId)
                .put("type", TYPE)
                .put("timestamp", Timestamps.format(clock.instant()));
        envelope.putObject("realm").put("id", realm.getId()).put("name", realm.getName());
        ObjectNode data = envelope.putObject("data");
        data.putObject("webhook").put("id", webhook.id()).put("name", webhook.name());
        data.put("message", "A test message from Keycloak Hooks: if you can read this, the webhook works.");
        try {
            return JSON.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
