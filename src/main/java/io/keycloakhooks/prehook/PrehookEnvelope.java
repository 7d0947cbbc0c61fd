package io.keycloakhooks.prehook;

import java.time.Clock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.webhook.Timestamps;

/** The prehook request body (docs/prehooks.md#request): id, type (the trigger), timestamp, realm, context and data. */
public final class PrehookEnvelope {

    static final ObjectMapper JSON = new ObjectMapper();

    private PrehookEnvelope() {
    }

    public static ObjectNode build(String messageId, Trigger trigger, String realmId, String realmName, ObjectNode context,
            ObjectNode data, Clock clock) {
        ObjectNode envelope = JSON.createObjectNode()
                .put("id", messageId)
                .put("type", trigger.value())
                .put("timestamp", Timestamps.format(clock.instant()));
        envelope.putObject("realm").put("id", realmId).put("name", realmName);
        envelope.set("context", context);
        envelope.set("data", data);
        return envelope;
    }

    public static byte[] bytes(ObjectNode envelope) {
        try {
            return JSON.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code context}: where the request came from. */
    public static ObjectNode context(String ipAddress, String userAgent, String locale, String clientId) {
        ObjectNode context = JSON.createObjectNode()
                .put("ipAddress", ipAddress)
                .put("userAgent", userAgent)
                .put("locale", locale);
        context.putObject("client").put("clientId", clientId);
        return context;
    }
}
