package io.keycloakhooks.config;

/** A validated hook, as parsed from its realm attribute. */
public sealed interface HookConfig permits WebhookConfig, PrehookConfig {

    String id();

    HookKind kind();

    Endpoint endpoint();

    boolean enabled();

    String name();

    String description();

    default HookRef ref() {
        return new HookRef(kind(), id());
    }
}
