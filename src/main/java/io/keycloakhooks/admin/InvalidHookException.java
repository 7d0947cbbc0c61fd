package io.keycloakhooks.admin;

import java.util.List;

import io.keycloakhooks.config.FieldError;

/** Input the admin API refuses, with every field error found. */
public final class InvalidHookException extends Exception {

    private final transient List<FieldError> errors;

    public InvalidHookException(List<FieldError> errors) {
        super(String.join("; ", errors.stream().map(FieldError::toString).toList()));
        this.errors = List.copyOf(errors);
    }

    public InvalidHookException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
