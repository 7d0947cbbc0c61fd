package io.keycloakhooks.prehook;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keycloakhooks.transport.HookResponse;

/**
 * Reads a prehook's answer (docs/prehooks.md#response) in both hosted-product dialects: {@code {"allow": false, "reason": …}}
 * and {@code {"continue": false, "error": {"message": …}}}.
 */
public final class DecisionParser {

    public static final int MAX_MESSAGE_LENGTH = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    private DecisionParser() {
    }

    public static PrehookDecision parse(HookResponse response) {
        if (response.error() != null) {
            return PrehookDecision.failure(response.error());
        }
        if (response.status() < 200 || response.status() >= 300) {
            return PrehookDecision.failure("status " + response.status());
        }
        String body = response.body();
        if (body == null || body.isBlank()) {
            return PrehookDecision.allow();
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            return PrehookDecision.failure("the response body is not JSON");
        }
        if (node == null || !node.isObject()) {
            return PrehookDecision.failure("the response body is not a JSON object");
        }
        if (!denies(node, "allow") && !denies(node, "continue")) {
            return PrehookDecision.allow();
        }
        return new PrehookDecision(PrehookDecision.Outcome.DENY, message(node), text(node.get("messageKey")),
                fieldErrors(node.get("fieldErrors")), null);
    }

    private static boolean denies(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isBoolean() && !value.asBoolean();
    }

    /** The first present of {@code message}, {@code reason}, {@code error.message}; plain text, at most 500 chars. */
    private static String message(JsonNode node) {
        String message = text(node.get("message"));
        if (message == null) {
            message = text(node.get("reason"));
        }
        if (message == null && node.get("error") != null) {
            message = text(node.get("error").get("message"));
        }
        return truncate(message);
    }

    private static Map<String, String> fieldErrors(JsonNode node) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String text = text(e.getValue());
                if (text != null) {
                    errors.put(e.getKey(), truncate(text));
                }
            });
        }
        return errors;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static String truncate(String text) {
        if (text == null || text.length() <= MAX_MESSAGE_LENGTH) {
            return text;
        }
        int end = MAX_MESSAGE_LENGTH - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
