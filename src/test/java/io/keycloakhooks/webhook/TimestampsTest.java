package io.keycloakhooks.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keycloakhooks.config.Endpoint;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.config.WebhookConfig;
import io.keycloakhooks.prehook.PrehookEnvelope;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

class TimestampsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant WHOLE_SECOND = Instant.parse("2026-11-22T10:15:30Z");

    @Test
    void timestampsAlwaysCarryMilliseconds() {
        assertEquals("2026-11-22T10:15:30.000Z", Timestamps.format(WHOLE_SECOND));
        assertEquals("2026-11-22T10:15:30.123Z", Timestamps.format(Instant.parse("2026-11-22T10:15:30.123456Z")));
        assertEquals("2026-11-22T10:15:30.100Z", Timestamps.format(Instant.parse("2026-11-22T10:15:30.1Z")));
        assertEquals("2026-11-22T10:15:30.007Z", Timestamps.format(Instant.parse("2026-11-22T10:15:30.007Z")));
        assertEquals("2026-01-02T03:04:05.000Z", Timestamps.format(Instant.parse("2026-01-02T03:04:05.000999Z")));
        assertEquals("1970-01-01T00:00:00.000Z", Timestamps.format(0));
        assertEquals("1969-12-31T23:59:59.999Z", Timestamps.format(-1));
    }

    @Test
    void theHandWrittenYearsMatchTheFormatterEverywhere() {
        SplittableRandom random = new SplittableRandom(7);
        long from = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
        long to = Instant.parse("+12000-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 100_000; i++) {
            long millis = random.nextLong(from, to);
            if (i % 10 == 0) {
                millis -= Math.floorMod(millis, 1000);
            }
            assertEquals(Timestamps.FORMAT.format(Instant.ofEpochMilli(millis)), Timestamps.format(millis),
                    Instant.ofEpochMilli(millis)::toString);
        }
        for (String edge : new String[] {"1000-01-01T00:00:00Z", "0999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z",
                "+10000-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z"}) {
            Instant instant = Instant.parse(edge);
            assertEquals(Timestamps.FORMAT.format(instant), Timestamps.format(instant), edge);
        }
        assertEquals("0999-12-31T23:59:59.999Z", Timestamps.format(Instant.parse("0999-12-31T23:59:59.999Z")));
    }

    @Test
    void everyEnvelopeWritesAWholeSecondWithMilliseconds() throws Exception {
        Clock clock = Clock.fixed(WHOLE_SECOND, ZoneOffset.UTC);
        String expected = "2026-11-22T10:15:30.000Z";

        String event = Envelopes.envelope("m1", "user.created", WHOLE_SECOND.toEpochMilli(), realm(),
                JSON.createObjectNode());
        assertEquals(expected, JSON.readTree(event).get("timestamp").asText());

        WebhookConfig webhook = new WebhookConfig("orders", new Endpoint(URI.create("https://x.test/h"), null, null,
                Duration.ofSeconds(1)), List.of("*"), true, "Orders", null);
        JsonNode test = JSON.readTree(TestMessage.envelope("m2", realm(), webhook, clock));
        assertEquals(expected, test.get("timestamp").asText());

        assertEquals(expected, PrehookEnvelope.build("m3", Trigger.JWT, "r1", "demo", JSON.createObjectNode(),
                JSON.createObjectNode(), clock).get("timestamp").asText());
    }

    /** A realm that answers only its id and name, which is all an envelope reads. */
    private static RealmModel realm() {
        return (RealmModel) Proxy.newProxyInstance(RealmModel.class.getClassLoader(), new Class<?>[] {RealmModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> "r1";
                    case "getName" -> "demo";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
