package io.keycloakhooks.config;

import java.util.Objects;

/** A prehook: called at its trigger; {@code order} ranks the messages of several denials (docs/prehooks.md#several-prehooks-and-timeouts). */
public record PrehookConfig(String id, Trigger trigger, Endpoint endpoint, boolean enabled, String name,
        String description, FailMode failMode, int order, int cacheTtlSeconds, Format format) implements HookConfig {

    public PrehookConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(failMode, "failMode");
        Objects.requireNonNull(format, "format");
    }

    /** A prehook of the standard format. */
    public PrehookConfig(String id, Trigger trigger, Endpoint endpoint, boolean enabled, String name, String description,
            FailMode failMode, int order, int cacheTtlSeconds) {
        this(id, trigger, endpoint, enabled, name, description, failMode, order, cacheTtlSeconds, Format.STANDARD);
    }

    @Override
    public HookKind kind() {
        return HookKind.PREHOOK;
    }
}
