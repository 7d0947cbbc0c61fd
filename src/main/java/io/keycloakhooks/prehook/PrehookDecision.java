package io.keycloakhooks.prehook;

import java.util.Map;

/**
 * What one prehook call decided (docs/prehooks.md#response). {@code message} is plain text of at most 500 characters;
 * {@code failure} says why a call failed (never secrets).
 */
public record PrehookDecision(Outcome outcome, String message, String messageKey, Map<String, String> fieldErrors,
        String failure) {

    public enum Outcome {
        ALLOW, DENY, FAILURE
    }

    public PrehookDecision {
        fieldErrors = fieldErrors == null ? Map.of() : Map.copyOf(fieldErrors);
    }

    static PrehookDecision allow() {
        return new PrehookDecision(Outcome.ALLOW, null, null, Map.of(), null);
    }

    static PrehookDecision failure(String reason) {
        return new PrehookDecision(Outcome.FAILURE, null, null, Map.of(), reason);
    }
}
