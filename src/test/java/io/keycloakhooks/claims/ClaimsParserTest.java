package io.keycloakhooks.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.keycloakhooks.transport.HookResponse;
import org.junit.jupiter.api.Test;

class ClaimsParserTest {

    private final List<String> dropped = new ArrayList<>();

    private ClaimsResult parse(int status, String body) {
        return ClaimsParser.parse(new HookResponse(status, body, Map.of(), 1, null), dropped::add);
    }

    @Test
    void customClaimsDialect() {
        ClaimsResult result = parse(200, "{\"customClaims\": {\"plan\": \"pro\", \"seats\": 5, \"flags\": [\"a\"], "
                + "\"team\": {\"id\": 7}}}");
        assertFalse(result.failed());
        assertEquals(Map.of("plan", "pro", "seats", 5, "flags", List.of("a"), "team", Map.of("id", 7)), result.claims());
    }

    @Test
    void fronteggAnswerDropsTheTenantAndPermissions() {
        String answer = "{\"customClaims\": {\"tenantId\": \"t\", \"permissions\": [\"p\"], \"plan\": \"pro\"}}";
        ClaimsResult result = ClaimsParser.parse(new HookResponse(200, answer, Map.of(), 1, null),
                io.keycloakhooks.config.Format.FRONTEGG, dropped::add);
        assertEquals(Map.of("plan", "pro"), result.claims());
        assertEquals(List.of("tenantId", "permissions"), dropped);
        assertEquals(3, parse(200, answer).claims().size() + 0 * dropped.size() + 0, "other formats keep them");
    }

    @Test
    void claimsDialect() {
        assertEquals(Map.of("plan", "pro"), parse(200, "{\"claims\": {\"plan\": \"pro\"}}").claims());
    }

    @Test
    void customClaimsWinWhenBothArePresent() {
        assertEquals(Map.of("a", 1), parse(200, "{\"claims\": {\"b\": 2}, \"customClaims\": {\"a\": 1}}").claims());
    }

    @Test
    void emptyAnswersAddNothing() {
        for (String body : List.of("", "  ", "{}", "{\"other\": 1}", "{\"claims\": null}")) {
            ClaimsResult result = parse(204, body);
            assertFalse(result.failed(), body);
            assertTrue(result.claims().isEmpty(), body);
        }
    }

    @Test
    void protectedClaimsAreDroppedAndReported() {
        ClaimsResult result = parse(200, "{\"customClaims\": {\"sub\": \"evil\", \"plan\": \"pro\", \"email\": \"x\"}}");
        assertEquals(Map.of("plan", "pro"), result.claims());
        assertEquals(List.of("sub", "email"), dropped);
    }

    @Test
    void protectedClaimsAreDroppedWhateverTheirCaseAndAfterADot() {
        ClaimsResult result = parse(200, "{\"customClaims\": {\"REALM_ACCESS\": {}, \"Email\": \"x\","
                + " \"realm_access.roles\": [\"admin\"], \"plan.tier\": \"pro\"}}");
        assertEquals(Map.of("plan.tier", "pro"), result.claims());
        assertEquals(List.of("REALM_ACCESS", "Email", "realm_access.roles"), dropped);
    }

    @Test
    void nullValuesAreLeftOut() {
        assertEquals(Map.of("b", 1), parse(200, "{\"customClaims\": {\"a\": null, \"b\": 1}}").claims());
    }

    @Test
    void failures() {
        assertEquals("status 500", parse(500, "{\"customClaims\": {}}").failure());
        assertEquals("status 302", parse(302, "").failure());
        assertEquals("the response body is not JSON", parse(200, "<html>").failure());
        assertEquals("the response body is not a JSON object", parse(200, "[1]").failure());
        assertEquals("\"customClaims\" is not a JSON object", parse(200, "{\"customClaims\": [1]}").failure());
        assertEquals("\"claims\" is not a JSON object", parse(200, "{\"claims\": \"x\"}").failure());
        assertEquals("timeout", ClaimsParser.parse(HookResponse.failed("timeout", 5000), dropped::add).failure());
    }

    @Test
    void theCapIs16KiBOfClaimsJson() {
        // {"k":"<v>"} is 8 bytes plus the value
        String exactly = "{\"k\":\"" + "x".repeat(ClaimsParser.MAX_CLAIMS_BYTES - 8) + "\"}";
        assertFalse(parse(200, "{\"customClaims\": " + exactly + "}").failed());
        String over = "{\"k\":\"" + "x".repeat(ClaimsParser.MAX_CLAIMS_BYTES - 7) + "\"}";
        ClaimsResult result = parse(200, "{\"customClaims\": " + over + "}");
        assertTrue(result.failed());
        assertTrue(result.failure().contains("16385 bytes"), result.failure());
    }
}
