package io.keycloakhooks.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.Endpoint;
import io.keycloakhooks.config.FailMode;
import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.transport.HookResponse;
import org.junit.jupiter.api.Test;

class JwtTestResultTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode report(FailMode failMode, HookResponse response) {
        ObjectNode result = JSON.createObjectNode().put("messageId", "m1");
        JwtTestResult.putInto(result, new PrehookConfig("claims", Trigger.JWT, new Endpoint(
                URI.create("https://hooks.test/claims"), null, Map.of(), Duration.ofSeconds(1)), true, null, null,
                failMode, 0, 0), response);
        return result;
    }

    private static HookResponse answer(int status, String body) {
        return new HookResponse(status, body, Map.of(), 12, null);
    }

    @Test
    void theClaimsATokenWouldGetWithTheProtectedOnesDropped() throws Exception {
        ObjectNode result = report(FailMode.OPEN, answer(200,
                "{\"customClaims\": {\"plan\": \"pro\", \"sub\": \"x\", \"email\": \"x\", \"gone\": null, \"n\": [1]}}"));

        assertEquals(JSON.readTree("""
                {"messageId": "m1", "trigger": "jwt", "decision": "claims", "claims": {"plan": "pro", "n": [1]},
                 "droppedClaims": ["sub", "email"], "failMode": "open", "proceeds": true, "status": 200,
                 "latencyMs": 12, "error": null}"""), JSON.readTree(result.toString()));
    }

    @Test
    void theClaimsDialectAndAnEmptyAnswer() {
        assertEquals("team", report(FailMode.OPEN, answer(200, "{\"claims\": {\"plan\": \"team\"}}"))
                .get("claims").get("plan").asText());
        ObjectNode empty = report(FailMode.CLOSED, answer(204, ""));
        assertEquals("claims", empty.get("decision").asText());
        assertTrue(empty.get("claims").isEmpty());
        assertTrue(empty.get("proceeds").asBoolean());
        assertTrue(empty.get("error").isNull());
    }

    @Test
    void failuresSayWhyAndWhetherTheTokenWouldStillBeIssued() {
        String oversize = "{\"customClaims\": {\"big\": \"" + "x".repeat(ClaimsParser.MAX_CLAIMS_BYTES) + "\"}}";
        Map<HookResponse, String> failures = Map.of(
                answer(200, "<html>not json</html>"), "the response body is not JSON",
                answer(200, "[1, 2]"), "the response body is not a JSON object",
                answer(200, "{\"customClaims\": \"pro\"}"), "\"customClaims\" is not a JSON object",
                answer(500, "{\"customClaims\": {\"plan\": \"pro\"}}"), "status 500",
                answer(200, oversize), "custom claims take " + (ClaimsParser.MAX_CLAIMS_BYTES + 10) + " bytes, more than "
                        + ClaimsParser.MAX_CLAIMS_BYTES,
                HookResponse.failed("timeout after 1000 ms", 1000), "timeout after 1000 ms");
        failures.forEach((response, reason) -> {
            for (FailMode failMode : FailMode.values()) {
                ObjectNode result = report(failMode, response);
                assertEquals("failure", result.get("decision").asText(), reason);
                assertEquals(reason, result.get("error").asText());
                assertTrue(result.get("claims").isEmpty(), reason);
                assertEquals(failMode == FailMode.OPEN, result.get("proceeds").asBoolean(), reason + " " + failMode);
            }
        });
        JsonNode noResponse = report(FailMode.OPEN, HookResponse.failed("connection refused", 3));
        assertTrue(noResponse.get("status").isNull());
        assertFalse(report(FailMode.CLOSED, answer(503, "")).get("proceeds").asBoolean());
        assertEquals(503, report(FailMode.CLOSED, answer(503, "")).get("status").asInt());
    }
}
