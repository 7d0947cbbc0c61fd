package io.keycloakhooks.config;

/** One problem with one field of a hook's configuration. */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
