package io.keycloakhooks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HookParserTest {

    static final HookRef WEBHOOK = new HookRef(HookKind.WEBHOOK, "orders");
    static final HookRef PREHOOK = new HookRef(HookKind.PREHOOK, "gate");
    static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void webhookDefaults() {
        WebhookConfig config = (WebhookConfig) valid(WEBHOOK, """
                {"url": "https://x.test/h", "events": ["user.created", "user.created", "tenant.*"], "unknown": 1}""");
        assertEquals("orders", config.id());
        assertEquals(List.of("user.created", "tenant.*"), config.events(), "duplicates removed, order kept");
        assertTrue(config.enabled());
        assertNull(config.endpoint().secret());
        assertEquals(Map.of(), config.endpoint().headers());
        assertEquals(Duration.ofMillis(10000), config.endpoint().timeout());
    }

    @Test
    void prehookDefaults() {
        PrehookConfig config = (PrehookConfig) valid(PREHOOK, """
                {"trigger": "pre_sign_in", "url": "https://x.test/h", "secret": "%s"}""".formatted(SECRET));
        assertEquals(Trigger.PRE_SIGN_IN, config.trigger());
        assertEquals(Duration.ofMillis(5000), config.endpoint().timeout());
        assertEquals(FailMode.OPEN, config.failMode());
        assertEquals(0, config.order());
        assertEquals(0, config.cacheTtlSeconds());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"events\": [\"*\"]}|url",
            "{\"url\": \"\", \"events\": [\"*\"]}|url",
            "{\"url\": \"/relative\", \"events\": [\"*\"]}|url",
            "{\"url\": \"ftp://x.test/\", \"events\": [\"*\"]}|url",
            "{\"url\": \"https://user:pw@x.test/\", \"events\": [\"*\"]}|url",
            "{\"url\": \"https://x.test/#frag\", \"events\": [\"*\"]}|url",
            "{\"url\": 5, \"events\": [\"*\"]}|url",
            "{\"url\": \"https://x.test/\"}|events",
            "{\"url\": \"https://x.test/\", \"events\": []}|events",
            "{\"url\": \"https://x.test/\", \"events\": \"user.created\"}|events",
            "{\"url\": \"https://x.test/\", \"events\": [\"user.created\", \"nope\"]}|events[1]",
            "{\"url\": \"https://x.test/\", \"events\": [\"zzz.*\"]}|events[0]",
            "{\"url\": \"https://x.test/\", \"events\": [7]}|events[0]",
            "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"secret\": \"short\"}|secret",
            "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"secret\": \"**********\"}|secret",
            "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"enabled\": \"yes\"}|enabled",
            "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"timeoutMs\": 999}|timeoutMs",
            "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"timeoutMs\": 30001}|timeoutMs",
            "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"timeoutMs\": 1.5}|timeoutMs",
            "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"name\": \"%201\"}|name",
            "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"headers\": [\"a\"]}|headers",
            "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"headers\": {\"X-Hook-Signature\": \"x\"}}|headers",
            "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"headers\": {\"Content-Type\": \"x\"}}|headers",
            "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"headers\": {\"bad name\": \"x\"}}|headers",
            "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"headers\": {\"X-A\": 1}}|headers",
            "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"headers\": {\"X-A\": \"a\\r\\nX-Injected: 1\"}}|headers",
    })
    void webhookErrorsNameTheField(String json, String field) {
        assertError(WEBHOOK, json.replace("%201", "n".repeat(201)), field);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"url\": \"https://x.test/\"}|trigger",
            "{\"url\": \"https://x.test/\", \"trigger\": \"pre_lunch\"}|trigger",
            "{\"url\": \"https://x.test/\", \"trigger\": \"jwt\", \"timeoutMs\": 99}|timeoutMs",
            "{\"url\": \"https://x.test/\", \"trigger\": \"jwt\", \"timeoutMs\": 10001}|timeoutMs",
            "{\"url\": \"https://x.test/\", \"trigger\": \"jwt\", \"failMode\": \"ajar\"}|failMode",
            "{\"url\": \"https://x.test/\", \"trigger\": \"jwt\", \"order\": \"first\"}|order",
            "{\"url\": \"https://x.test/\", \"trigger\": \"jwt\", \"cacheTtlSeconds\": -1}|cacheTtlSeconds",
            "{\"url\": \"https://x.test/\", \"trigger\": \"jwt\", \"cacheTtlSeconds\": 86401}|cacheTtlSeconds",
            "{\"url\": \"https://x.test/\", \"trigger\": \"pre_sign_up\", \"cacheTtlSeconds\": 60}|cacheTtlSeconds",
            "{\"url\": \"https://x.test/\", \"trigger\": \"jwt\", \"description\": \"%2001\"}|description",
    })
    void prehookErrorsNameTheField(String json, String field) {
        assertError(PREHOOK, json.replace("%2001", "d".repeat(2001)), field);
    }

    @Test
    void everyErrorIsReportedAtOnce() {
        ParseResult result = HookParser.parse(new HookRef(HookKind.WEBHOOK, "Bad!"), """
                {"url": "nope", "events": [], "timeoutMs": 5, "secret": "x"}""");
        assertFalse(result.valid());
        assertEquals(List.of("id", "url", "secret", "timeoutMs", "events"),
                result.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void valueMustBeAJsonObject() {
        for (String json : List.of("{not json", "[1,2]", "\"text\"", "", "{\"url\": \"https://x.test/\"} trailing")) {
            assertError(WEBHOOK, json, "value");
        }
    }

    @Test
    void secretForms() {
        valid(WEBHOOK, "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"secret\": \"${vault.hook-secret}\"}");
        valid(WEBHOOK, "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"secret\": \"%s\"}".formatted(SECRET));
        String encrypted = Secrets.encrypt("short", "kid", new javax.crypto.spec.SecretKeySpec(new byte[16], "AES"));
        valid(WEBHOOK, "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"secret\": \"%s\"}".formatted(encrypted));
    }

    @Test
    void roundTripsThroughTheAttributeValue() {
        HookConfig config = valid(PREHOOK, """
                {"trigger": "jwt", "url": "https://x.test/claims", "secret": "%s", "enabled": false, "name": "Claims",
                 "description": "d", "headers": {"Authorization": "${vault.token}"}, "timeoutMs": 800,
                 "failMode": "closed", "order": -3, "cacheTtlSeconds": 60}""".formatted(SECRET));
        assertEquals(config, HookParser.parse(PREHOOK, HookJson.toAttributeValue(config)).config());

        HookConfig webhook = valid(WEBHOOK, "{\"url\": \"https://x.test/\", \"events\": [\"user.*\", \"keycloak.LOGIN\"]}");
        assertEquals(webhook, HookParser.parse(WEBHOOK, HookJson.toAttributeValue(webhook)).config());
    }

    @Test
    void representationMasksTheSecret() {
        HookConfig config = valid(WEBHOOK, "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"secret\": \"%s\"}".formatted(SECRET));
        var representation = HookJson.toRepresentation(config);
        assertEquals("orders", representation.get("id").asText());
        assertEquals(Secrets.MASK, representation.get("secret").asText());
        assertTrue(representation.get("signed").asBoolean());
        assertFalse(representation.toString().contains(SECRET));
        HookConfig unsigned = valid(WEBHOOK, "{\"url\": \"https://x.test/\", \"events\": [\"*\"]}");
        assertFalse(HookJson.toRepresentation(unsigned).has("secret"));
        assertFalse(HookJson.toRepresentation(unsigned).get("signed").asBoolean());
    }

    @Test
    void eventMatching() {
        WebhookConfig config = (WebhookConfig) valid(WEBHOOK, """
                {"url": "https://x.test/", "events": ["user.created", "tenant.*", "keycloak.admin.USER.*"]}""");
        assertTrue(config.subscribesTo("user.created"));
        assertTrue(config.subscribesTo("tenant.deleted"));
        assertTrue(config.subscribesTo("keycloak.admin.USER.DELETE"));
        assertFalse(config.subscribesTo("user.deleted"));
        assertFalse(config.subscribesTo("keycloak.admin.CLIENT.CREATE"));
        assertFalse(config.subscribesTo("webhook.test"));
        WebhookConfig all = (WebhookConfig) valid(WEBHOOK, "{\"url\": \"https://x.test/\", \"events\": [\"*\"]}");
        assertTrue(all.subscribesTo("keycloak.LOGIN_ERROR"));
    }

    private static HookConfig valid(HookRef ref, String json) {
        ParseResult result = HookParser.parse(ref, json);
        assertTrue(result.valid(), json + " -> " + result.errors());
        return result.config();
    }

    private static void assertError(HookRef ref, String json, String field) {
        ParseResult result = HookParser.parse(ref, json);
        assertFalse(result.valid(), json);
        assertTrue(result.errors().stream().anyMatch(e -> e.field().equals(field)), json + " -> " + result.errors());
    }
}
