package io.keycloakhooks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The validation matrix of docs/configuration.md: every field's type, range and default, for both kinds. */
class HookParserTest {

    static final HookRef WEBHOOK = new HookRef(HookKind.WEBHOOK, "orders");
    static final HookRef PREHOOK = new HookRef(HookKind.PREHOOK, "gate");
    static final String SECRET = "0123456789abcdef0123456789abcdef";
    /** A minimal valid webhook, to which a test appends one field: {@code WEB + ", \"field\": value}"}. */
    static final String WEB = "{\"url\": \"https://x.test/h\", \"events\": [\"*\"]";
    /** A minimal valid prehook, likewise. */
    static final String PRE = "{\"url\": \"https://x.test/h\", \"trigger\": \"jwt\"";

    @Test
    void webhookDefaults() {
        WebhookConfig config = (WebhookConfig) valid(WEBHOOK, """
                {"url": "https://x.test/h", "events": ["user.created", "user.created", "tenant.*"]}""");
        assertEquals("orders", config.id());
        assertEquals(HookKind.WEBHOOK, config.kind());
        assertEquals(URI.create("https://x.test/h"), config.endpoint().url());
        assertEquals(List.of("user.created", "tenant.*"), config.events(), "duplicates removed, order kept");
        assertTrue(config.enabled());
        assertNull(config.name());
        assertNull(config.description());
        assertNull(config.endpoint().secret());
        assertEquals(Map.of(), config.endpoint().headers());
        assertEquals(Duration.ofMillis(10000), config.endpoint().timeout());
    }

    @Test
    void aUrlMayBeAVaultReferenceReadAtCallTime() {
        WebhookConfig config = (WebhookConfig) valid(WEBHOOK, """
                {"url": "${vault.slack_url}", "events": ["*"]}""");
        assertEquals("${vault.slack_url}", config.endpoint().urlReference());
        assertEquals("${vault.slack_url}", HookJson.toRepresentation(config).get("url").asText());
        assertEquals(config, valid(WEBHOOK, HookJson.toAttributeValue(config)), "it is written back as the reference");
        assertNull(((WebhookConfig) valid(WEBHOOK, WEB + "}")).endpoint().urlReference());
    }

    @Test
    void prehookDefaults() {
        PrehookConfig config = (PrehookConfig) valid(PREHOOK, """
                {"trigger": "pre_sign_in", "url": "https://x.test/h"}""");
        assertEquals("gate", config.id());
        assertEquals(HookKind.PREHOOK, config.kind());
        assertEquals(Trigger.PRE_SIGN_IN, config.trigger());
        assertTrue(config.enabled());
        assertNull(config.endpoint().secret());
        assertEquals(Map.of(), config.endpoint().headers());
        assertEquals(Duration.ofMillis(5000), config.endpoint().timeout());
        assertEquals(FailMode.OPEN, config.failMode());
        assertEquals(0, config.order());
        assertEquals(0, config.cacheTtlSeconds());
    }

    @Test
    void everyFieldIsRead() {
        PrehookConfig config = (PrehookConfig) valid(PREHOOK, """
                {"trigger": "jwt", "url": "https://x.test/claims", "secret": "%s", "enabled": false, "name": "Claims",
                 "description": "Adds claims", "headers": {"Authorization": "${vault.token}", "X-Static": "v"},
                 "timeoutMs": 800, "failMode": "closed", "order": -3, "cacheTtlSeconds": 60}""".formatted(SECRET));
        assertEquals(Trigger.JWT, config.trigger());
        assertEquals(SECRET, config.endpoint().secret());
        assertFalse(config.enabled());
        assertEquals("Claims", config.name());
        assertEquals("Adds claims", config.description());
        assertEquals(List.of("Authorization", "X-Static"), List.copyOf(config.endpoint().headers().keySet()), "order kept");
        assertEquals("${vault.token}", config.endpoint().headers().get("Authorization"));
        assertEquals(Duration.ofMillis(800), config.endpoint().timeout());
        assertEquals(FailMode.CLOSED, config.failMode());
        assertEquals(-3, config.order());
        assertEquals(60, config.cacheTtlSeconds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pre_sign_up", "pre_sign_in", "pre_password_reset", "jwt"})
    void everyTrigger(String trigger) {
        PrehookConfig config = (PrehookConfig) valid(PREHOOK, "{\"url\": \"https://x.test/\", \"trigger\": \"" + trigger + "\"}");
        assertEquals(trigger, config.trigger().value());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // url
            "{\"events\": [\"*\"]}|url|is required",
            "{\"url\": \"\", \"events\": [\"*\"]}|url|is required",
            "{\"url\": \"  \", \"events\": [\"*\"]}|url|is required",
            "{\"url\": 5, \"events\": [\"*\"]}|url|must be a string",
            "{\"url\": \"/relative\", \"events\": [\"*\"]}|url|https://",
            "{\"url\": \"ftp://x.test/\", \"events\": [\"*\"]}|url|https://",
            "{\"url\": \"https:opaque\", \"events\": [\"*\"]}|url|host",
            "{\"url\": \"https://under_score.test/\", \"events\": [\"*\"]}|url|host",
            "{\"url\": \"https://exa mple.test/\", \"events\": [\"*\"]}|url|not a valid URL",
            "{\"url\": \"https://user:pw@x.test/\", \"events\": [\"*\"]}|url|user info",
            "{\"url\": \"https://x.test/#frag\", \"events\": [\"*\"]}|url|fragment",
            "{\"url\": \"https://x.test:70000/\", \"events\": [\"*\"]}|url|port",
            // events
            "{\"url\": \"https://x.test/\"}|events|is required",
            "{\"url\": \"https://x.test/\", \"events\": null}|events|is required",
            "{\"url\": \"https://x.test/\", \"events\": []}|events|non-empty array",
            "{\"url\": \"https://x.test/\", \"events\": \"user.created\"}|events|non-empty array",
            "{\"url\": \"https://x.test/\", \"events\": [\"user.created\", \"nope\"]}|events[1]|unknown event type",
            "{\"url\": \"https://x.test/\", \"events\": [7]}|events[0]|must be a string",
            // secret
            "%WEB, \"secret\": 12345}|secret|must be a string",
            "%WEB, \"secret\": \"short\"}|secret|at least 32 characters",
            "%WEB, \"secret\": \"0123456789abcdef0123456789abcde\"}|secret|at least 32 characters",
            "%WEB, \"secret\": \"**********\"}|secret|mask",
            "%WEB, \"secret\": \"enc:v1:a2lk:c2hvcnQ\"}|secret|at least 32 characters",
            // enabled, name, description
            "%WEB, \"enabled\": \"yes\"}|enabled|must be true or false",
            "%WEB, \"enabled\": 1}|enabled|must be true or false",
            "%WEB, \"name\": 7}|name|must be a string",
            "%WEB, \"name\": \"%201\"}|name|at most 200 characters",
            "%WEB, \"description\": [\"d\"]}|description|must be a string",
            "%WEB, \"description\": \"%2001\"}|description|at most 2000 characters",
            // headers
            "%WEB, \"headers\": [\"a\"]}|headers|must be an object",
            "%WEB, \"headers\": \"Authorization: x\"}|headers|must be an object",
            "%WEB, \"headers\": {\"bad name\": \"x\"}}|headers|not a valid header name",
            "%WEB, \"headers\": {\"X-A\": 1}}|headers|must be a string",
            "%WEB, \"headers\": {\"X-A\": \"a\\r\\nX-Injected: 1\"}}|headers|control characters",
            "%WEB, \"headers\": {\"X-A\": \"a\", \"x-a\": \"b\"}}|headers|more than once",
            // timeoutMs
            "%WEB, \"timeoutMs\": 999}|timeoutMs|must be an integer between 1000 and 30000",
            "%WEB, \"timeoutMs\": 30001}|timeoutMs|must be an integer between 1000 and 30000",
            "%WEB, \"timeoutMs\": 1500.5}|timeoutMs|must be an integer between 1000 and 30000",
            "%WEB, \"timeoutMs\": \"5000\"}|timeoutMs|must be an integer between 1000 and 30000",
            "%WEB, \"timeoutMs\": 99999999999}|timeoutMs|must be an integer between 1000 and 30000",
    })
    void webhookErrorsNameTheField(String json, String field, String message) {
        assertError(WEBHOOK, expand(json), field, message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // trigger
            "{\"url\": \"https://x.test/\"}|trigger|is required",
            "{\"url\": \"https://x.test/\", \"trigger\": \"pre_lunch\"}|trigger|must be one of pre_sign_up, pre_sign_in, pre_password_reset, jwt",
            "{\"url\": \"https://x.test/\", \"trigger\": \"JWT\"}|trigger|must be one of",
            "{\"url\": \"https://x.test/\", \"trigger\": 1}|trigger|must be one of",
            // url and the shared fields
            "{\"trigger\": \"jwt\"}|url|is required",
            "{\"trigger\": \"jwt\", \"url\": \"mailto:a@x.test\"}|url|https://",
            "%PRE, \"secret\": \"short\"}|secret|at least 32 characters",
            "%PRE, \"enabled\": \"false\"}|enabled|must be true or false",
            "%PRE, \"name\": \"%201\"}|name|at most 200 characters",
            "%PRE, \"description\": \"%2001\"}|description|at most 2000 characters",
            "%PRE, \"headers\": {\"Webhook-Id\": \"x\"}}|headers|cannot be replaced",
            // timeoutMs
            "%PRE, \"timeoutMs\": 99}|timeoutMs|must be an integer between 100 and 10000",
            "%PRE, \"timeoutMs\": 10001}|timeoutMs|must be an integer between 100 and 10000",
            "%PRE, \"timeoutMs\": true}|timeoutMs|must be an integer between 100 and 10000",
            // failMode
            "%PRE, \"failMode\": \"ajar\"}|failMode|must be one of open, closed",
            "%PRE, \"failMode\": \"OPEN\"}|failMode|must be one of open, closed",
            "%PRE, \"failMode\": false}|failMode|must be one of open, closed",
            // order
            "%PRE, \"order\": \"first\"}|order|must be an integer",
            "%PRE, \"order\": 1.5}|order|must be an integer",
            "%PRE, \"order\": 2147483648}|order|must be an integer",
            // cacheTtlSeconds
            "%PRE, \"cacheTtlSeconds\": -1}|cacheTtlSeconds|must be an integer between 0 and 86400",
            "%PRE, \"cacheTtlSeconds\": 86401}|cacheTtlSeconds|must be an integer between 0 and 86400",
            "%PRE, \"cacheTtlSeconds\": \"60\"}|cacheTtlSeconds|must be an integer between 0 and 86400",
            "{\"url\": \"https://x.test/\", \"trigger\": \"pre_sign_up\", \"cacheTtlSeconds\": 60}|cacheTtlSeconds|unless trigger is jwt",
            "{\"url\": \"https://x.test/\", \"trigger\": \"pre_sign_in\", \"cacheTtlSeconds\": 1}|cacheTtlSeconds|unless trigger is jwt",
            "{\"url\": \"https://x.test/\", \"trigger\": \"pre_password_reset\", \"cacheTtlSeconds\": 1}|cacheTtlSeconds|unless trigger is jwt",
    })
    void prehookErrorsNameTheField(String json, String field, String message) {
        assertError(PREHOOK, expand(json), field, message);
    }

    @Test
    void theErrorReadsFieldColonMessage() {
        ParseResult result = HookParser.parse(WEBHOOK, WEB + ", \"timeoutMs\": \"slow\"}");
        assertEquals(List.of("timeoutMs: must be an integer between 1000 and 30000"),
                result.errors().stream().map(FieldError::toString).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "%WEB, \"timeoutMs\": 1000}", "%WEB, \"timeoutMs\": 30000}", "%WEB, \"name\": \"%200\"}",
            "%WEB, \"description\": \"%2000\"}", "%WEB, \"name\": \"\"}",
            "{\"url\": \"http://x.test/\", \"events\": [\"*\"]}",
            "{\"url\": \"HTTPS://X.test:8443/p?q=1\", \"events\": [\"*\"]}",
            "{\"url\": \"https://[::1]:8443/\", \"events\": [\"*\"]}",
            "{\"url\": \"https://10.0.0.1/\", \"events\": [\"*\"]}", "%WEB, \"secret\": \"0123456789abcdef0123456789abcdef\"}",
            "%WEB, \"headers\": {}}", "%WEB, \"headers\": {\"X-Tab\": \"a\\tb\", \"X-Utf8\": \"é\"}}",
            "%WEB, \"enabled\": false}",
            "%PRE, \"timeoutMs\": 100}", "%PRE, \"timeoutMs\": 10000}", "%PRE, \"cacheTtlSeconds\": 86400}",
            "%PRE, \"order\": -2147483648}", "%PRE, \"order\": 2147483647}",
            "{\"url\": \"https://x.test/\", \"trigger\": \"pre_sign_up\", \"cacheTtlSeconds\": 0}",
    })
    void boundariesAreAccepted(String json) {
        valid(json.startsWith("%PRE") || json.contains("trigger") ? PREHOOK : WEBHOOK, expand(json));
    }

    @Test
    void nullFieldsTakeTheirDefaults() {
        PrehookConfig config = (PrehookConfig) valid(PREHOOK, PRE + """
                , "secret": null, "enabled": null, "name": null, "headers": null, "timeoutMs": null, "failMode": null,
                "order": null, "cacheTtlSeconds": null}""");
        assertEquals(new PrehookConfig("gate", Trigger.JWT, new Endpoint(URI.create("https://x.test/h"), null, null,
                Duration.ofMillis(5000)), true, null, null, FailMode.OPEN, 0, 0), config);
    }

    @Test
    void unknownFieldsAreIgnored() {
        valid(WEBHOOK, WEB + ", \"retries\": 3, \"future\": {\"nested\": [1, 2]}, \"id\": \"other\"}");
        PrehookConfig prehook = (PrehookConfig) valid(PREHOOK, PRE + ", \"events\": 5, \"claimsNamespace\": \"x\"}");
        assertEquals("gate", prehook.id(), "the id comes from the attribute name, not the value");
    }

    @Test
    void everyErrorIsReportedAtOnce() {
        ParseResult webhook = HookParser.parse(new HookRef(HookKind.WEBHOOK, "Bad!"), """
                {"url": "nope", "events": ["user.created", "x", 3], "secret": "x", "enabled": 1, "name": 2,
                 "description": 3, "headers": {"Host": "h"}, "timeoutMs": 5}""");
        assertFalse(webhook.valid());
        assertNull(webhook.config());
        assertEquals(List.of("id", "url", "events[1]", "events[2]", "secret", "enabled", "name", "description",
                "headers", "timeoutMs"), fields(webhook));

        ParseResult prehook = HookParser.parse(new HookRef(HookKind.PREHOOK, ""), """
                {"trigger": "later", "url": "https://u@x.test/", "timeoutMs": 0, "failMode": "x", "order": "y",
                 "cacheTtlSeconds": -5}""");
        assertEquals(List.of("id", "trigger", "url", "timeoutMs", "failMode", "order", "cacheTtlSeconds"), fields(prehook));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "orders", "order_events-2", "-", "_"})
    void validIds(String id) {
        valid(new HookRef(HookKind.WEBHOOK, id), WEB + "}");
    }

    @Test
    void anIdOf64CharactersIsValidAnd65IsNot() {
        valid(new HookRef(HookKind.PREHOOK, "a".repeat(64)), PRE + "}");
        assertError(new HookRef(HookKind.PREHOOK, "a".repeat(65)), PRE + "}", "id", "1-64 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Orders", "a.b", "a b", "a/b", "ü", "a:b"})
    void invalidIds(String id) {
        ParseResult result = HookParser.parse(new HookRef(HookKind.WEBHOOK, id), WEB + "}");
        assertEquals(List.of(new FieldError("id", "must be 1-64 characters of a-z 0-9 _ -")), result.errors());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[1,2]", "\"text\"", "", "   ", "null", "42",
            "{\"url\": \"https://x.test/\"} trailing", "{} {}"})
    void valueMustBeAJsonObject(String json) {
        assertError(WEBHOOK, json, "value", "must be a JSON object");
    }

    @Test
    void aNullValueIsInvalid() {
        assertError(WEBHOOK, null, "value", "must be a JSON object");
    }

    @Test
    void malformedJsonIsReportedByPositionNeverByContent() {
        ParseResult result = HookParser.parse(WEBHOOK, "{\"url\": \"https://x.test/\",\n \"secret\": whsec_leakme}");
        assertEquals(1, result.errors().size());
        String error = result.errors().get(0).toString();
        assertTrue(error.contains("line 2"), error);
        assertFalse(error.contains("leakme"), error);
    }

    @Test
    void secretForms() {
        assertEquals("${vault.hook-secret}", secretOf(WEB + ", \"secret\": \"${vault.hook-secret}\"}"));
        assertEquals(SECRET, secretOf(WEB + ", \"secret\": \"" + SECRET + "\"}"));
        String generated = Secrets.generate();
        assertEquals(generated, secretOf(WEB + ", \"secret\": \"" + generated + "\"}"));
        String encrypted = Secrets.encrypt("short", "kid", new SecretKeySpec(new byte[16], "AES"));
        assertEquals(encrypted, secretOf(WEB + ", \"secret\": \"" + encrypted + "\"}"),
                "an encrypted value is kept as stored, whatever the length of what it encrypts");
    }

    @Test
    void errorsNeverQuoteTheSecret() {
        String secret = "my-short-secret";
        ParseResult result = HookParser.parse(WEBHOOK, WEB + ", \"secret\": \"" + secret + "\"}");
        assertFalse(result.valid());
        assertFalse(result.errors().toString().contains(secret), result.errors().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Type", "content-length", "HOST", "User-Agent", "webhook-id", "Webhook-Timestamp",
            "WEBHOOK-SIGNATURE", "X-Webhook-Secret", "x-hook-signature"})
    void theRequestsOwnHeadersCannotBeReplaced(String name) {
        assertError(WEBHOOK, WEB + ", \"headers\": {\"" + name + "\": \"x\"}}", "headers", "'" + name + "' is set by Keycloak Hooks");
        assertError(PREHOOK, PRE + ", \"headers\": {\"" + name + "\": \"x\"}}", "headers", "cannot be replaced");
    }

    @Test
    void everyBadHeaderIsReported() {
        ParseResult result = HookParser.parse(WEBHOOK, WEB + ", \"headers\": {\"Host\": \"h\", \"X(\": \"v\", \"X-Ok\": \"v\", \"X-N\": 1}}");
        assertEquals(3, result.errors().size(), result.errors().toString());
    }

    private static String expand(String json) {
        return json.replace("%WEB", WEB).replace("%PRE", PRE).replace("%2001", "d".repeat(2001))
                .replace("%2000", "d".repeat(2000)).replace("%201", "n".repeat(201)).replace("%200", "n".repeat(200));
    }

    private static String secretOf(String json) {
        return valid(WEBHOOK, json).endpoint().secret();
    }

    private static List<String> fields(ParseResult result) {
        return result.errors().stream().map(FieldError::field).toList();
    }

    static HookConfig valid(HookRef ref, String json) {
        ParseResult result = HookParser.parse(ref, json);
        assertTrue(result.valid(), json + " -> " + result.errors());
        assertEquals(List.of(), result.errors());
        assertEquals(ref, result.ref());
        assertEquals(json, result.raw());
        return result.config();
    }

    private static void assertError(HookRef ref, String json, String field, String message) {
        ParseResult result = HookParser.parse(ref, json);
        assertFalse(result.valid(), json);
        assertNull(result.config());
        assertTrue(result.errors().stream().anyMatch(e -> e.field().equals(field) && e.message().contains(message)),
                json + " -> " + result.errors());
    }
}
