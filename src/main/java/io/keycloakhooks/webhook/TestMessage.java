package io.keycloakhooks.webhook;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.WebhookConfig;
import org.keycloak.models.RealmModel;

/** The {@code webhook.test} envelope (SPEC §4.2) that the test action sends. */
public final class TestMessage {

    public static final String TYPE = "webhook.test";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestMessage() {
    }

    public static byte[] envelope(String messageId, RealmModel realm, WebhookConfig webhook, Clock clock) {
        ObjectNode envelope = JSON.createObjectNode()
                .put("id", messageId)
                .put("type", TYPE)
                .put("timestamp", timestamp(clock.instant()));
        envelope.putObject("realm").put("id", realm.getId()).put("name", realm.getName());
        ObjectNode data = envelope.putObject("data");
        data.putObject("webhook").put("id", webhook.id()).put("name", webhook.name());
        data.put("message", "A test message from Keycloak Hooks: if you can read this, the webhook works.");
        try {
            return JSON.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * ISO-8601 UTC with milliseconds, e.g. 2026-11-22T10:15:30.123Z, as {@link DateTimeFormatter#ISO_INSTANT} writes
     * it (no fraction when the milliseconds are zero). Written by hand for years 1000–9999: every webhook message
     * and prehook call has one, and the formatter costs more than the rest of the envelope.
     */
    public static String timestamp(Instant instant) {
        long millis = instant.toEpochMilli();
        LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), 0, ZoneOffset.UTC);
        if (time.getYear() < 1000 || time.getYear() > 9999) {
            return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
        }
        StringBuilder text = new StringBuilder(24).append(time.getYear()).append('-');
        twoDigits(text, time.getMonthValue()).append('-');
        twoDigits(text, time.getDayOfMonth()).append('T');
        twoDigits(text, time.getHour()).append(':');
        twoDigits(text, time.getMinute()).append(':');
        twoDigits(text, time.getSecond());
        int fraction = (int) Math.floorMod(millis, 1000);
        if (fraction != 0) {
            text.append('.');
            twoDigits(text.append(fraction / 100), fraction % 100);
        }
        return text.append('Z').toString();
    }

    private static StringBuilder twoDigits(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
