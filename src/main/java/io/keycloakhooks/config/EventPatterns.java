package io.keycloakhooks.config;

import java.util.Set;
import java.util.stream.Collectors;

import io.keycloakhooks.config.EventCatalogue;

/** The {@code events} a webhook may subscribe to: catalogue types, prefix wildcards ({@code user.*}) and {@code *}. */
final class EventPatterns {

    /** The test action's type (docs/webhooks.md#event-catalogue); sent whatever a webhook's events. */
    static final String TEST_TYPE = "webhook.test";

    static final Set<String> TYPES = EventCatalogue.all().stream()
            .map(EventCatalogue.CatalogueEntry::type).collect(Collectors.toUnmodifiableSet());

    private EventPatterns() {
    }

    static boolean matches(String pattern, String type) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith(".*")) {
            return type.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(type);
    }

    /** Null when the pattern is valid, else what is wrong with it. */
    static String problem(String pattern) {
        if (pattern.equals("*") || TYPES.contains(pattern)) {
            return null;
        }
        if (pattern.endsWith(".*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            return TYPES.stream().anyMatch(t -> t.startsWith(prefix)) ? null
                    : "'" + pattern + "' matches no event type (see GET /events)";
        }
        return "unknown event type '" + pattern + "' (see GET /events; wildcards end in .*)";
    }
}
