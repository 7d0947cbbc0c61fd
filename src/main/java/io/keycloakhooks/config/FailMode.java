package io.keycloakhooks.config;

import java.util.Arrays;
import java.util.Optional;

/** What a prehook's failure does to the flow: {@code open} goes on, {@code closed} stops it. */
public enum FailMode {
    OPEN("open"),
    CLOSED("closed");

    private final String value;

    FailMode(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<FailMode> fromValue(String value) {
        return Arrays.stream(values()).filter(m -> m.value.equals(value)).findFirst();
    }
}
