package io.keycloakhooks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class HookRedactionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRealmRepresentationKeepsItsOtherAttributesAndLosesEveryHookValue() throws Exception {
        String realm = """
                {"realm": "r", "attributes": {"frontendUrl": "https://id.example",
                 "hooks.webhook.w": "{\\"url\\":\\"https://h.example/?token=abc\\",\\"headers\\":{\\"Authorization\\":\\"Bearer t\\"}}",
                 "hooks.prehook.p": "{\\"url\\":\\"https://h.example/\\",\\"secret\\":\\"plain\\"}"}}""";
        JsonNode redacted = JSON.readTree(HookRedaction.redact(realm));
        assertEquals("https://id.example", redacted.at("/attributes/frontendUrl").asText());
        assertEquals(Secrets.MASK, redacted.at("/attributes/hooks.webhook.w").asText());
        assertEquals(Secrets.MASK, redacted.at("/attributes/hooks.prehook.p").asText());
        assertFalse(redacted.toString().contains("Bearer") || redacted.toString().contains("abc")
                || redacted.toString().contains("plain"));
    }

    @Test
    void aHookPageComponentKeepsHeaderNamesAndTheUrlsOriginAndPath() throws Exception {
        String component = """
                {"name": "w", "providerId": "Webhooks", "config": {"hookId": ["w"],
                 "url": ["https://h.example/path?token=abc"], "secret": ["whsec_x"],
                 "headers": ["[{\\"key\\":\\"Authorization\\",\\"value\\":\\"Bearer t\\"}]"]}}""";
        JsonNode redacted = JSON.readTree(HookRedaction.redact(component));
        assertEquals("https://h.example/path?token=" + Secrets.MASK, redacted.at("/config/url/0").asText());
        assertEquals(Secrets.MASK, redacted.at("/config/secret/0").asText());
        assertEquals("[{\"key\":\"Authorization\",\"value\":\"" + Secrets.MASK + "\"}]", redacted.at("/config/headers/0").asText());
        assertEquals("w", redacted.at("/config/hookId/0").asText());
    }

    @Test
    void representationsWithoutHookCredentialsAreLeftAlone() {
        assertNull(HookRedaction.redact(null));
        assertNull(HookRedaction.redact("{\"username\": \"alice\"}"));
        assertNull(HookRedaction.redact("{\"attributes\": {\"hooks.webhook.w\": \"" + Secrets.MASK + "\"}}"),
                "already redacted");
        assertNull(HookRedaction.redact("not json \"hooks."));
        assertNull(HookRedaction.redact("{\"name\": \"x\", \"config\": {\"hookId\": [\"p\"], \"url\": [\"https://h.example/\"]}}"));
        var realm = JSON.createObjectNode();
        realm.putObject("attributes").put("hooks.webhook.w", "{}");
        assertTrue(HookRedaction.redactInPlace(realm));
    }
}
