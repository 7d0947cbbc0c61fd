package io.keycloakhooks.config;

/** A validated hook, as parsed from its realm attribute. */
public sealed interface HookConfig permits WebhookConfig, PrehookConfig {

    String id();

    HookKind kind();

    Endpoint endpoint();

    boolean enabled();

    String name();

    String description();

    /** How its requests are shaped (docs/formats.md). */
    Format format();

    default HookRef ref() {
        return new HookRef(kind(), id());
    }

    /** The same hook with another stored form of its secret. */
    default HookConfig withSecret(String secret) {
        Endpoint e = endpoint();
        return withEndpoint(new Endpoint(e.url(), secret, e.headers(), e.timeout()));
    }

    /** The same hook called another way (e.g. its credentials in another stored form). */
    default HookConfig withEndpoint(Endpoint endpoint) {
        return switch (this) {
            case WebhookConfig w -> new WebhookConfig(w.id(), endpoint, w.events(), w.enabled(), w.name(), w.description(),
                    w.format(), w.payload());
            case PrehookConfig p -> new PrehookConfig(p.id(), p.trigger(), endpoint, p.enabled(), p.name(), p.description(),
                    p.failMode(), p.order(), p.cacheTtlSeconds(), p.format());
        };
    }
}
