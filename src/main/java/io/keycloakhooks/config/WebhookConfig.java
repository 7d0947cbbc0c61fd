package io.keycloakhooks.config;

import java.util.List;
import java.util.Objects;

/** A webhook: delivers the event types it subscribes to ({@code events}) to its endpoint. */
public record WebhookConfig(String id, Endpoint endpoint, List<String> events, boolean enabled, String name,
        String description, Format format, Payload payload) implements HookConfig {

    public WebhookConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(payload, "payload");
        events = List.copyOf(events);
    }

    /** A webhook of the standard format with full payloads. */
    public WebhookConfig(String id, Endpoint endpoint, List<String> events, boolean enabled, String name,
            String description) {
        this(id, endpoint, events, enabled, name, description, Format.STANDARD, Payload.FULL);
    }

    @Override
    public HookKind kind() {
        return HookKind.WEBHOOK;
    }

    /**
     * Whether an event type matches the subscriptions: exactly, by a prefix wildcard ({@code user.*}) or {@code *}.
     * Never true for {@code webhook.test}: the test message is sent whatever the events, not through matching.
     * Never true for a type the webhook's format cannot carry (a wildcard matches only the types it carries).
     */
    public boolean subscribesTo(String type) {
        if (type == null || EventPatterns.TEST_TYPE.equals(type) || !format.carries(type)) {
            return false;
        }
        for (String pattern : events) {
            if (EventPatterns.matches(pattern, type)) {
                return true;
            }
        }
        return false;
    }
}
