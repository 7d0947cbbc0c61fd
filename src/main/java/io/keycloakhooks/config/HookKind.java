package io.keycloakhooks.config;

/** The two kinds of hook, each stored under its own realm attribute prefix. */
public enum HookKind {
    WEBHOOK("hooks.webhook."),
    PREHOOK("hooks.prehook.");

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
}
