package io.keycloakhooks.config;

import java.util.List;

/** A hook attribute's value, parsed: {@code config} when valid, else the errors. */
public record ParseResult(HookRef ref, String raw, HookConfig config, List<FieldError> errors) {

    public ParseResult {
        errors = List.copyOf(errors);
    }

    public boolean valid() {
        return config != null;
    }
}
