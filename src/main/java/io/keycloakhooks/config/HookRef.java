package io.keycloakhooks.config;

import java.util.Objects;
import java.util.Optional;

/** Which hook: its kind and id; names its realm attribute. The id is not validated here (see {@link HookParser}). */
public record HookRef(HookKind kind, String id) {

    public HookRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }

    public String attributeName() {
        return kind.attributeName(id);
    }

    /**
     * The hook a realm attribute holds, or empty for attributes that are not hooks. A hook attribute whose id is
     * invalid still gives a ref, so that the hook can be reported with its error.
     */
    public static Optional<HookRef> fromAttributeName(String name) {
        HookKind kind = HookKind.ofAttributeName(name);
        return kind == null ? Optional.empty()
                : Optional.of(new HookRef(kind, name.substring(kind.attributePrefix().length())));
    }
}
