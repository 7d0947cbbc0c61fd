package io.keycloakhooks.config;

import java.util.List;
import java.util.Objects;

/** A hook attribute's value, parsed: {@code config} when valid (then {@code errors} is empty), else the errors. */
public record ParseResult(HookRef ref, String raw, HookConfig config, List<FieldError> errors) {

    public ParseResult {
        Objects.requireNonNull(ref, "ref");
        errors = List.copyOf(errors);
    }

    public boolean valid() {
        return config != null;
    }
}
