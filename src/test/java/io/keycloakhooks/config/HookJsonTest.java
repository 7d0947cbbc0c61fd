package io.keycloakhooks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class HookJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = HookParserTest.SECRET;
    private static final String FULL_PREHOOK = """
            {"trigger": "jwt", "url": "https://x.test/claims", "secret": "%s", "enabled": false, "name": "Claims",
             "description": "d", "headers": {"Authorization": "${vault.token}", "X-B": "b"}, "timeoutMs": 800,
             "failMode": "closed", "order": -3, "cacheTtlSeconds": 60}""".formatted(SECRET);
    private static final String FULL_WEBHOOK = """
            {"url": "https://x.test/w", "events": ["user.*", "keycloak.LOGIN"], "secret": "${vault.w}", "enabled": true,
             "name": "Orders", "description": "all user events", "headers": {"X-A": "a"}, "timeoutMs": 30000}""";

    @Test
    void fullConfigsRoundTripThroughTheAttributeValue() {
        for (HookRef ref : List.of(HookParserTest.PREHOOK, HookParserTest.WEBHOOK)) {
            HookConfig config = HookParserTest.valid(ref, ref.kind() == HookKind.PREHOOK ? FULL_PREHOOK : FULL_WEBHOOK);
            assertEquals(config, HookParser.parse(ref, HookJson.toAttributeValue(config)).config());
        }
    }

    @Test
    void minimalConfigsRoundTripAndDefaultsAreWrittenOut() throws Exception {
        HookConfig webhook = HookParserTest.valid(HookParserTest.WEBHOOK, "{\"url\": \"https://x.test/\", \"events\": [\"*\"]}");
        String stored = HookJson.toAttributeValue(webhook);
        assertEquals(webhook, HookParser.parse(HookParserTest.WEBHOOK, stored).config());
        assertEquals(JSON.readTree("{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"enabled\": true, \"timeoutMs\": 10000, \"format\": \"standard\", \"payload\": \"full\"}"),
                JSON.readTree(stored), "defaults explicit; absent name, description, secret and headers omitted");

        HookConfig prehook = HookParserTest.valid(HookParserTest.PREHOOK, "{\"url\": \"https://x.test/\", \"trigger\": \"pre_sign_up\"}");
        stored = HookJson.toAttributeValue(prehook);
        assertEquals(prehook, HookParser.parse(HookParserTest.PREHOOK, stored).config());
        assertEquals(JSON.readTree("""
                {"trigger": "pre_sign_up", "url": "https://x.test/", "enabled": true, "timeoutMs": 5000, "format": "standard", "failMode": "open",
                 "order": 0, "cacheTtlSeconds": 0}"""), JSON.readTree(stored));
    }

    @Test
    void theAttributeValueKeepsTheStoredSecret() throws Exception {
        String encrypted = Secrets.encrypt(SECRET, "kid", new SecretKeySpec(new byte[16], "AES"));
        HookConfig config = HookParserTest.valid(HookParserTest.WEBHOOK,
                "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"secret\": \"" + encrypted + "\"}");
        assertEquals(encrypted, JSON.readTree(HookJson.toAttributeValue(config)).get("secret").asText());
    }

    @Test
    void theRepresentationMasksTheSecretAndSaysWhetherRequestsAreSigned() {
        for (String secret : List.of(SECRET, "${vault.hook}", Secrets.encrypt(SECRET, "kid", new SecretKeySpec(new byte[16], "AES")))) {
            HookConfig config = HookParserTest.valid(HookParserTest.WEBHOOK,
                    "{\"url\": \"https://x.test/\", \"events\": [\"*\"], \"secret\": \"" + secret + "\"}");
            ObjectNode representation = HookJson.toRepresentation(config);
            assertEquals(Secrets.MASK, representation.get("secret").asText());
            assertTrue(representation.get("signed").asBoolean());
            assertFalse(representation.toString().contains(secret), representation.toString());
        }
        HookConfig unsigned = HookParserTest.valid(HookParserTest.WEBHOOK, "{\"url\": \"https://x.test/\", \"events\": [\"*\"]}");
        assertFalse(HookJson.toRepresentation(unsigned).has("secret"));
        assertFalse(HookJson.toRepresentation(unsigned).get("signed").asBoolean());
    }

    @Test
    void theRepresentationHasTheIdAndEveryField() {
        ObjectNode representation = HookJson.toRepresentation(HookParserTest.valid(HookParserTest.PREHOOK, FULL_PREHOOK));
        assertEquals(List.of("id", "trigger", "url", "enabled", "name", "description", "headers", "timeoutMs", "format", "failMode",
                "order", "cacheTtlSeconds", "secret", "signed"), fieldNames(representation));
        assertEquals("gate", representation.get("id").asText());
        assertEquals("**********", representation.get("headers").get("Authorization").asText(), "header values are masked");
        assertEquals(800, representation.get("timeoutMs").asInt());
        assertEquals("closed", representation.get("failMode").asText());

        ObjectNode webhook = HookJson.toRepresentation(HookParserTest.valid(HookParserTest.WEBHOOK, FULL_WEBHOOK));
        assertEquals(List.of("id", "url", "events", "enabled", "name", "description", "headers", "timeoutMs", "format", "payload", "secret",
                "signed"), fieldNames(webhook));
        assertEquals("[\"user.*\",\"keycloak.LOGIN\"]", webhook.get("events").toString());
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.properties().stream().map(java.util.Map.Entry::getKey).toList();
    }
}
