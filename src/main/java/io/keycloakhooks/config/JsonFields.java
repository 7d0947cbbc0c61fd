package io.keycloakhooks.config;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed reads of one JSON object's fields. A field that is absent or JSON {@code null} reads as its default; a
 * field of the wrong type or out of range records an error naming it (never its value, which may be a secret).
 */
final class JsonFields {

    private final JsonNode object;
    private final List<FieldError> errors;

    JsonFields(JsonNode object, List<FieldError> errors) {
        this.object = object;
        this.errors = errors;
    }

    boolean ok() {
        return errors.isEmpty();
    }

    void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** The field's value, or null when it is absent or JSON null. */
    JsonNode get(String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? null : value;
    }

    String requiredText(String field) {
        JsonNode value = get(field);
        if (value == null || (value.isTextual() && value.asText().isBlank())) {
            error(field, "is required");
            return null;
        }
        return text(field, Integer.MAX_VALUE);
    }

    String text(String field, int maxLength) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            error(field, "must be a string");
            return null;
        }
        if (value.asText().length() > maxLength) {
            error(field, "must be at most " + maxLength + " characters");
            return null;
        }
        return value.asText();
    }

    boolean bool(String field, boolean defaultValue) {
        JsonNode value = get(field);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            error(field, "must be true or false");
            return defaultValue;
        }
        return value.asBoolean();
    }

    int integer(String field, int min, int max, int defaultValue) {
        JsonNode value = get(field);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            error(field, min == Integer.MIN_VALUE && max == Integer.MAX_VALUE ? "must be an integer"
                    : "must be an integer between " + min + " and " + max);
            return defaultValue;
        }
        return value.asInt();
    }

    /** One of a fixed set of string values; a null {@code defaultValue} makes the field required. */
    <T> T choice(String field, Function<String, Optional<T>> lookup, String allowed, T defaultValue) {
        JsonNode value = get(field);
        if (value == null) {
            if (defaultValue == null) {
                error(field, "is required (" + allowed + ")");
            }
            return defaultValue;
        }
        Optional<T> choice = value.isTextual() ? lookup.apply(value.asText()) : Optional.empty();
        if (choice.isEmpty()) {
            error(field, "must be one of " + allowed);
        }
        return choice.orElse(defaultValue);
    }
}
