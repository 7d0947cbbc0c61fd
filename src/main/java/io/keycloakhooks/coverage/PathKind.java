package io.keycloakhooks.coverage;

import io.keycloakhooks.config.Trigger;

/** A way a trigger's moment can happen in a realm, and the flow binding it goes through. */
public enum PathKind {
    BROWSER("browser", Trigger.PRE_SIGN_IN, "browser"),
    DIRECT_GRANT("direct_grant", Trigger.PRE_SIGN_IN, "direct_grant"),
    POST_BROKER_LOGIN("post_broker_login", Trigger.PRE_SIGN_IN, null),
    REGISTRATION("registration", Trigger.PRE_SIGN_UP, null),
    FIRST_BROKER_LOGIN("first_broker_login", Trigger.PRE_SIGN_UP, null),
    RESET_CREDENTIALS("reset_credentials", Trigger.PRE_PASSWORD_RESET, null),
    TOKEN("token", Trigger.JWT, null);

    private final String value;
    private final Trigger trigger;
    private final String clientOverride;

    PathKind(String value, Trigger trigger, String clientOverride) {
        this.value = value;
        this.trigger = trigger;
        this.clientOverride = clientOverride;
    }

    public String value() {
        return value;
    }

    public Trigger trigger() {
        return trigger;
    }

    /** The key of a client's flow binding override for this path ({@code browser}, {@code direct_grant}), or null. */
    public String clientOverride() {
        return clientOverride;
    }
}
