package io.keycloakhooks.config;

import java.util.Arrays;
import java.util.Optional;

/** When a prehook runs. */
public enum Trigger {
    PRE_SIGN_UP("pre_sign_up"),
    PRE_SIGN_IN("pre_sign_in"),
    PRE_PASSWORD_RESET("pre_password_reset"),
    JWT("jwt");

    private final String value;

    Trigger(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<Trigger> fromValue(String value) {
        return Arrays.stream(values()).filter(t -> t.value.equals(value)).findFirst();
    }
}
