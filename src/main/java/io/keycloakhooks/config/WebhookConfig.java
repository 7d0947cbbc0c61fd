package io.keycloakhooks.config;

import java.util.List;
import java.util.Objects;

/** A webhook: delivers the event types it subscribes to ({@code events}) to its endpoint. */
public record WebhookConfig(String id, Endpoint endpoint, List<String> events, boolean enabled, String name,
        String description) implements HookConfig {

    public WebhookConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endpoint, "endpoint");
        events = List.copyOf(events);
    }

    @Override
    public HookKind kind() {
        return HookKind.WEBHOOK;
    }

    /**
     * Whether an event type matches the subscriptions: exactly, by a prefix wildcard ({@code user.*}) or {@code *}.
     * Never true for {@code webhook.test}: the test message is sent whatever the events, not through matching.
     */
    public boolean subscribesTo(String type) {
        if (type == null || EventPatterns.TEST_TYPE.equals(type)) {
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
