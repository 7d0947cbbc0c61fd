package io.keycloakhooks.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * How a hook's requests are shaped (docs/formats.md): the standard envelope, or the shapes receivers written for
 * Frontegg, HelloJohn or CloudEvents expect. Each format carries a subset of the event types and triggers; what
 * it cannot carry is refused when the hook is written.
 */
public enum Format {
    STANDARD("standard"),
    FRONTEGG("frontegg"),
    HELLOJOHN("hellojohn"),
    CLOUDEVENTS("cloudevents");

    /** Allowed values, for error messages. */
    public static final String VALUES = "standard, frontegg, hellojohn, cloudevents";

    /** The webhook types HelloJohn's post_sign_up and post_sign_in hooks stand for. */
    private static final Set<String> HELLOJOHN_TYPES = Set.of("user.signedUp", "user.authenticated");

    private final String value;

    Format(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<Format> fromValue(String value) {
        return Arrays.stream(values()).filter(f -> f.value.equals(value)).findFirst();
    }

    /** Whether webhooks of this format can deliver the type ({@code webhook.test} always). */
    public boolean carries(String type) {
        if (type == null) {
            return false;
        }
        if (EventPatterns.TEST_TYPE.equals(type)) {
            return true;
        }
        return switch (this) {
            case STANDARD, CLOUDEVENTS -> true;
            case FRONTEGG -> !type.startsWith(EventCatalogue.RAW_PREFIX);
            case HELLOJOHN -> HELLOJOHN_TYPES.contains(type);
        };
    }

    /** Whether prehooks of this format can be called at the trigger (CloudEvents is for webhooks only). */
    public boolean carries(Trigger trigger) {
        return this != CLOUDEVENTS;
    }

    /** Whether {@code payload: thin} can be expressed: only the standard envelope and CloudEvents carry its data. */
    public boolean allowsThinPayload() {
        return this == STANDARD || this == CLOUDEVENTS;
    }
}
