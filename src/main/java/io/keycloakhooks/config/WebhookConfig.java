package io.keycloakhooks.config;

import java.util.List;

public record WebhookConfig(String id, Endpoint endpoint, List<String> events, boolean enabled, String name,
        String description) implements HookConfig {

    public WebhookConfig {
        events = List.copyOf(events);
    }

    @Override
    public HookKind kind() {
        return HookKind.WEBHOOK;
    }

    /** Whether an event type matches the subscriptions: exactly, by a prefix wildcard ({@code user.*}) or {@code *}. */
    public boolean subscribesTo(String type) {
        for (String pattern : events) {
            if (EventPatterns.matches(pattern, type)) {
                return true;
            }
        }
        return false;
    }
}
