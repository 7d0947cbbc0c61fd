package io.keycloakhooks.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.HookConfig;
import io.keycloakhooks.config.HookJson;
import io.keycloakhooks.config.HookKind;
import io.keycloakhooks.config.HookParser;
import io.keycloakhooks.config.HookRef;
import io.keycloakhooks.config.ParseResult;
import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.config.WebhookConfig;
import org.junit.jupiter.api.Test;

class HookFormTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "a-receiver-chosen-secret-of-40-characters";

    @Test
    void webhookFormBecomesTheAdminApiInputIgnoringTheConsolesOwnKeys() {
        Map<String, List<String>> form = Map.ofEntries(
                Map.entry("hookId", List.of(" orders ")),
                Map.entry("name", List.of("Orders")),
                Map.entry("url", List.of(" https://crm.example.com/hooks ")),
                Map.entry("events", List.of("user.*", "keycloak.LOGIN", "")),
                Map.entry("enabled", List.of("false")),
                Map.entry("secret", List.of(SECRET)),
                Map.entry("timeoutMs", List.of("2000")),
                Map.entry("headers", List.of(
                        "[{\"key\":\"Authorization\",\"value\":\"Bearer ${vault.crm}\"},{\"key\":\"\",\"value\":\"x\"}]")),
                Map.entry("skipVerify", List.of("true")),
                Map.entry("realm", List.of("acme")), Map.entry("providerId", List.of("hooks-webhooks")),
                Map.entry("id", List.of("c0ffee")));

        ObjectNode input = HookForm.toInput(HookKind.WEBHOOK, form);

        assertEquals("orders", HookForm.hookId(form));
        assertTrue(HookForm.skipVerify(form));
        assertEquals(JSON.createObjectNode()
                .put("name", "Orders").put("url", "https://crm.example.com/hooks").put("secret", SECRET)
                .put("enabled", false).put("timeoutMs", 2000), without(input, "events", "headers"));
        assertEquals("[\"user.*\",\"keycloak.LOGIN\"]", input.get("events").toString());
        assertEquals("{\"Authorization\":\"Bearer ${vault.crm}\"}", input.get("headers").toString());
        ParseResult parsed = HookParser.parse(new HookRef(HookKind.WEBHOOK, "orders"), input.toString());
        assertTrue(parsed.valid(), parsed.errors().toString());
    }

    @Test
    void prehookFormCarriesTriggerFailModeOrderAndCacheTtl() {
        Map<String, List<String>> form = Map.of(
                "url", List.of("https://claims.example.com/"), "trigger", List.of("jwt"), "enabled", List.of("true"),
                "timeoutMs", List.of("500"), "failMode", List.of("closed"), "order", List.of("-3"),
                "cacheTtlSeconds", List.of("60"), "events", List.of("user.*"));

        ObjectNode input = HookForm.toInput(HookKind.PREHOOK, form);

        assertNull(HookForm.hookId(form));
        assertFalse(HookForm.skipVerify(form));
        assertFalse(input.has("events"), "prehooks have no events");
        PrehookConfig config = (PrehookConfig) HookParser.parse(new HookRef(HookKind.PREHOOK, "claims"), input.toString()).config();
        assertEquals("jwt", config.trigger().value());
        assertEquals("closed", config.failMode().value());
        assertEquals(-3, config.order());
        assertEquals(60, config.cacheTtlSeconds());
        assertEquals(500, config.endpoint().timeout().toMillis());
    }

    @Test
    void valuesTheParserMustRejectArePassedOnSoTheErrorNamesTheField() {
        Map<String, List<String>> form = Map.of("url", List.of("not a url"), "events", List.of("user.*"),
                "timeoutMs", List.of("soon"), "headers", List.of("Authorization: x"), "secret", List.of("short"),
                "enabled", List.of("maybe"));

        ParseResult parsed = HookParser.parse(new HookRef(HookKind.WEBHOOK, "bad"),
                HookForm.toInput(HookKind.WEBHOOK, form).toString());

        List<String> fields = parsed.errors().stream().map(e -> e.field()).toList();
        assertEquals(List.of("url", "secret", "enabled", "headers", "timeoutMs"),
                fields.stream().sorted((a, b) -> order(a) - order(b)).toList(), parsed.errors().toString());
    }

    @Test
    void blankFieldsAreLeftOutSoDefaultsApply() {
        Map<String, List<String>> form = Map.of("hookId", List.of("  "), "name", List.of("  "), "url",
                List.of("https://x.example/"), "events", List.of("*"), "timeoutMs", List.of(""), "secret", List.of());

        ObjectNode input = HookForm.toInput(HookKind.WEBHOOK, form);

        assertNull(HookForm.hookId(form));
        assertEquals("{\"url\":\"https://x.example/\",\"events\":[\"*\"]}", input.toString());
    }

    @Test
    void aHookShowsAllItsFieldsWithDefaultsAndTheSecretMasked() {
        HookConfig hook = parse(HookKind.WEBHOOK, "orders", """
                {"url": "https://crm.example.com/hooks", "events": ["user.*", "tenant.created"], "secret": "%s",
                 "headers": {"Authorization": "${vault.crm}"}, "name": "Orders"}""".formatted(SECRET));

        Map<String, List<String>> config = HookForm.toConfig(HookKind.WEBHOOK, "orders", HookJson.toRepresentation(hook));

        assertEquals(Map.of("hookId", List.of("orders"), "name", List.of("Orders"),
                "url", List.of("https://crm.example.com/hooks"), "events", List.of("user.*", "tenant.created"),
                "enabled", List.of("true"), "timeoutMs", List.of("10000"), "secret", List.of("**********"),
                "format", List.of("standard"), "payload", List.of("full"),
                "headers", List.of("[{\"key\":\"Authorization\",\"value\":\"**********\"}]")), config);
    }

    @Test
    void aPrehookWithoutSecretHasNoSecretField() {
        HookConfig hook = parse(HookKind.PREHOOK, "gate", """
                {"url": "https://gate.example.com/", "trigger": "pre_sign_up", "enabled": false}""");

        Map<String, List<String>> config = HookForm.toConfig(HookKind.PREHOOK, "gate", HookJson.toRepresentation(hook));

        assertEquals(Map.of("hookId", List.of("gate"), "url", List.of("https://gate.example.com/"),
                "trigger", List.of("pre_sign_up"), "enabled", List.of("false"), "timeoutMs", List.of("5000"),
                "failMode", List.of("open"), "order", List.of("0"), "cacheTtlSeconds", List.of("0"),
                "format", List.of("standard")), config);
    }

    @Test
    void formAndHookRoundTripToTheSameAttribute() {
        HookConfig hook = parse(HookKind.PREHOOK, "gate", """
                {"url": "https://gate.example.com/", "trigger": "jwt", "secret": "%s", "failMode": "closed",
                 "order": 4, "cacheTtlSeconds": 30, "description": "Claims", "headers": {"X-Tenant": "acme"}}"""
                .formatted(SECRET));
        Map<String, List<String>> config = HookForm.toConfig(HookKind.PREHOOK, "gate", HookJson.toRepresentation(hook));

        ObjectNode input = HookForm.toInput(HookKind.PREHOOK, config);
        input.put("secret", SECRET); // the mask, which the admin API write swaps for the stored secret
        input.with("headers").put("X-Tenant", "acme"); // the same for a masked header value

        assertEquals(HookJson.toAttributeValue(hook),
                HookJson.toAttributeValue(parse(HookKind.PREHOOK, "gate", input.toString())));
    }

    @Test
    void anInvalidHookShowsWhatItsValueHasAndNeverItsSecret() throws IOException {
        JsonNode raw = JSON.readTree("""
                {"url": "ftp://old.example/", "events": ["nope"], "secret": "plain", "timeoutMs": 5, "enabled": "yes"}""");

        Map<String, List<String>> config = HookForm.toConfig(HookKind.WEBHOOK, "broken", raw);

        assertEquals(Map.of("hookId", List.of("broken"), "url", List.of("ftp://old.example/"), "events", List.of("nope"),
                "secret", List.of("**********"), "timeoutMs", List.of("5"), "enabled", List.of("yes")), config);
        assertEquals(Map.of("hookId", List.of("junk")), HookForm.toConfig(HookKind.WEBHOOK, "junk", null));
    }

    private static int order(String field) {
        return List.of("url", "secret", "enabled", "headers", "timeoutMs").indexOf(field);
    }

    private static ObjectNode without(ObjectNode node, String... fields) {
        ObjectNode copy = node.deepCopy();
        copy.remove(List.of(fields));
        return copy;
    }

    private static HookConfig parse(HookKind kind, String id, String json) {
        ParseResult parsed = HookParser.parse(new HookRef(kind, id), json);
        assertTrue(parsed.valid(), parsed.errors().toString());
        return kind == HookKind.WEBHOOK ? (WebhookConfig) parsed.config() : parsed.config();
    }

    @Test
    void theFormatAndPayloadGoFromTheFormToTheInputAndBack() {
        Map<String, List<String>> form = Map.of("url", List.of("https://x.example/"), "events", List.of("user.*"),
                "format", List.of("cloudevents"), "payload", List.of("thin"));
        ObjectNode input = HookForm.toInput(HookKind.WEBHOOK, form);
        assertEquals("cloudevents", input.get("format").asText());
        assertEquals("thin", input.get("payload").asText());
        HookConfig hook = parse(HookKind.WEBHOOK, "ce", input.toString());
        Map<String, List<String>> config = HookForm.toConfig(HookKind.WEBHOOK, "ce", HookJson.toRepresentation(hook));
        assertEquals(List.of("cloudevents"), config.get("format"));
        assertEquals(List.of("thin"), config.get("payload"));

        ObjectNode prehook = HookForm.toInput(HookKind.PREHOOK, Map.of("url", List.of("https://x.example/"),
                "trigger", List.of("jwt"), "format", List.of("hellojohn"), "payload", List.of("thin")));
        assertEquals("hellojohn", prehook.get("format").asText());
        assertNull(prehook.get("payload"), "prehooks have no payload field");
    }
}
