package io.keycloakhooks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code format} and {@code payload} fields: what each format can carry, refused by name otherwise. */
class FormatValidationTest {

    private static ParseResult webhook(String format, String payload, String... events) {
        StringBuilder json = new StringBuilder("{\"url\": \"https://x.test/\", \"events\": [");
        for (int i = 0; i < events.length; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(events[i]).append('"');
        }
        json.append("]");
        if (format != null) {
            json.append(", \"format\": \"").append(format).append('"');
        }
        if (payload != null) {
            json.append(", \"payload\": \"").append(payload).append('"');
        }
        return HookParser.parse(HookParserTest.WEBHOOK, json.append('}').toString());
    }

    private static ParseResult prehook(String trigger, String format) {
        return HookParser.parse(HookParserTest.PREHOOK, "{\"url\": \"https://x.test/\", \"trigger\": \"" + trigger
                + "\", \"format\": \"" + format + "\"}");
    }

    private static List<String> fields(ParseResult result) {
        return result.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void defaultsAreStandardAndFull() {
        WebhookConfig webhook = (WebhookConfig) webhook(null, null, "*").config();
        assertEquals(Format.STANDARD, webhook.format());
        assertEquals(Payload.FULL, webhook.payload());
        assertEquals(Format.STANDARD, prehook("pre_sign_up", "standard").config().format());
    }

    @ParameterizedTest
    @CsvSource({"hellojohn, keycloak.LOGIN", "hellojohn, user.created", "hellojohn, tenant.*", "hellojohn, keycloak.*",
            "frontegg, keycloak.LOGIN", "frontegg, keycloak.admin.*"})
    void aTypeTheFormatCannotCarryIsRefusedNamingFormat(String format, String event) {
        ParseResult result = webhook(format, null, event);
        assertFalse(result.valid());
        assertEquals(List.of("format"), fields(result), result.errors().toString());
        assertTrue(result.errors().get(0).message().contains(event), result.errors().toString());
    }

    @ParameterizedTest
    @CsvSource({"hellojohn, user.signedUp", "hellojohn, user.authenticated", "hellojohn, user.*", "hellojohn, *",
            "frontegg, user.*", "frontegg, tenant.created", "frontegg, *", "cloudevents, keycloak.LOGIN",
            "cloudevents, *", "standard, keycloak.admin.*", "hellojohn, webhook.test"})
    void whatTheFormatCarriesIsAccepted(String format, String event) {
        assertTrue(webhook(format, null, event).valid(), webhook(format, null, event).errors().toString());
    }

    @Test
    void aWildcardMatchesOnlyWhatTheFormatCarries() {
        WebhookConfig hellojohn = (WebhookConfig) webhook("hellojohn", null, "*").config();
        assertTrue(hellojohn.subscribesTo("user.signedUp"));
        assertTrue(hellojohn.subscribesTo("user.authenticated"));
        assertFalse(hellojohn.subscribesTo("user.created"));
        assertFalse(hellojohn.subscribesTo("keycloak.LOGIN"));
        WebhookConfig frontegg = (WebhookConfig) webhook("frontegg", null, "*").config();
        assertTrue(frontegg.subscribesTo("tenant.created"));
        assertFalse(frontegg.subscribesTo("keycloak.LOGIN"));
        assertFalse(frontegg.subscribesTo("keycloak.admin.USER.CREATE"));
        assertTrue(Format.HELLOJOHN.carries("webhook.test"), "the test message is sent in every format");
    }

    @Test
    void thinPayloadsOnlyWithStandardAndCloudEvents() {
        assertTrue(webhook("standard", "thin", "*").valid());
        assertTrue(webhook("cloudevents", "thin", "*").valid());
        assertEquals(List.of("payload"), fields(webhook("frontegg", "thin", "*")));
        assertEquals(List.of("payload"), fields(webhook("hellojohn", "thin", "user.*")));
        assertEquals(List.of("payload"), fields(webhook(null, "skinny", "*")));
    }

    @Test
    void cloudEventsIsForWebhooksOnly() {
        for (String trigger : List.of("pre_sign_up", "pre_sign_in", "pre_password_reset", "jwt")) {
            assertEquals(List.of("format"), fields(prehook(trigger, "cloudevents")));
            assertTrue(prehook(trigger, "frontegg").valid());
            assertTrue(prehook(trigger, "hellojohn").valid());
        }
        assertEquals(List.of("format"), fields(prehook("jwt", "auth0")));
        assertEquals(List.of("format"), fields(webhook("auth0", null, "*")));
    }

    @Test
    void theFormatRoundTripsThroughTheAttributeValue() {
        for (ParseResult result : List.of(webhook("cloudevents", "thin", "user.*"), prehook("jwt", "frontegg"))) {
            HookConfig config = result.config();
            assertEquals(config, HookParser.parse(result.ref(), HookJson.toAttributeValue(config)).config());
            assertEquals(config.format(), config.withSecret("x".repeat(40)).format());
        }
        assertEquals("thin", HookJson.toRepresentation(webhook("cloudevents", "thin", "user.*").config())
                .get("payload").asText());
    }
}
