package io.keycloakhooks.config;

import java.util.Arrays;
import java.util.Optional;

/** How much a webhook message's {@code data} carries (docs/formats.md#thin-payloads): everything, or identifiers only. */
public enum Payload {
    FULL("full"),
    THIN("thin");

    private final String value;

    Payload(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<Payload> fromValue(String value) {
        return Arrays.stream(values()).filter(p -> p.value.equals(value)).findFirst();
    }
}
