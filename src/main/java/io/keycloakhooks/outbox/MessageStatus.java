package io.keycloakhooks.outbox;

import java.util.Locale;

/** Where a message stands: waiting for (another) attempt, delivered, or failed for good (dead letter). */
public enum MessageStatus {
    PENDING, DELIVERED, FAILED;

    /** As stored and as the admin API shows it: lower case. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but pending, delivered or failed */
    public static MessageStatus parse(String value) {
        for (MessageStatus status : values()) {
            if (status.value().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("status must be one of pending, delivered, failed");
    }
}
