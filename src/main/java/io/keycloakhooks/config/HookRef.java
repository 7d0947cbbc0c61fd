package io.keycloakhooks.config;

import java.util.Optional;

/** Which hook: its kind and id; names its realm attribute. */
public record HookRef(HookKind kind, String id) {

    public String attributeName() {
        return kind.attributeName(id);
    }

    /** The hook a realm attribute holds, or empty for attributes that are not hooks. */
    public static Optional<HookRef> fromAttributeName(String name) {
        for (HookKind kind : HookKind.values()) {
            if (name.startsWith(kind.attributePrefix())) {
                return Optional.of(new HookRef(kind, name.substring(kind.attributePrefix().length())));
            }
        }
        return Optional.empty();
    }
}
