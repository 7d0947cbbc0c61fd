package io.keycloakhooks.config;

/** The two kinds of hook, each stored under its own realm attribute prefix. */
public enum HookKind {
    WEBHOOK("hooks.webhook."),
    PREHOOK("hooks.prehook.");

    /** What every hook attribute name starts with: a cheap first test when scanning a realm's attributes. */
    static final String COMMON_PREFIX = "hooks.";

    private static final HookKind[] KINDS = values();

    private final String attributePrefix;

    HookKind(String attributePrefix) {
        this.attributePrefix = attributePrefix;
    }

    public String attributePrefix() {
        return attributePrefix;
    }

    public String attributeName(String id) {
        return attributePrefix + id;
    }

    /** The kind whose prefix the attribute name has, or null; allocates nothing. */
    static HookKind ofAttributeName(String name) {
        if (name == null || !name.startsWith(COMMON_PREFIX)) {
            return null;
        }
        for (HookKind kind : KINDS) {
            if (name.startsWith(kind.attributePrefix)) {
                return kind;
            }
        }
        return null;
    }
}
