package io.keycloakhooks.prehook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.keycloakhooks.config.Endpoint;
import io.keycloakhooks.config.FailMode;
import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.prehook.PrehookDecision.Outcome;
import io.keycloakhooks.transport.HookResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecisionParserTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "{}", "{\"allow\": true}", "{\"continue\": true}", "{\"allow\": true, \"message\": \"hi\"}",
            "{\"allow\": \"false\"}"})
    void allows(String body) {
        assertEquals(Outcome.ALLOW, DecisionParser.parse(ok(body)).outcome(), body);
    }

    @Test
    void denyInTheAllowDialect() {
        PrehookDecision decision = DecisionParser.parse(ok("{\"allow\": false, \"reason\": \"Sign-ups from this domain are closed.\"}"));
        assertEquals(Outcome.DENY, decision.outcome());
        assertEquals("Sign-ups from this domain are closed.", decision.message());
    }

    @Test
    void denyInTheContinueDialect() {
        PrehookDecision decision = DecisionParser.parse(ok(
                "{\"continue\": false, \"error\": {\"status\": 403, \"message\": \"Seat limit reached\"}}"));
        assertEquals(Outcome.DENY, decision.outcome());
        assertEquals("Seat limit reached", decision.message());
    }

    @Test
    void messageComesFirstThenReasonThenErrorMessage() {
        assertEquals("m", DecisionParser.parse(ok("{\"allow\": false, \"message\": \"m\", \"reason\": \"r\", \"error\": {\"message\": \"e\"}}")).message());
        assertEquals("r", DecisionParser.parse(ok("{\"allow\": false, \"reason\": \"r\", \"error\": {\"message\": \"e\"}}")).message());
        assertNull(DecisionParser.parse(ok("{\"allow\": false}")).message());
    }

    @Test
    void messageKeyAndFieldErrors() {
        PrehookDecision decision = DecisionParser.parse(ok(
                "{\"allow\": false, \"messageKey\": \"domainBlocked\", \"fieldErrors\": {\"email\": \"Use your work address\", \"x\": 5}}"));
        assertEquals("domainBlocked", decision.messageKey());
        assertEquals(Map.of("email", "Use your work address"), decision.fieldErrors());
    }

    @Test
    void messagesArePlainTextOfAtMost500Characters() {
        PrehookDecision html = DecisionParser.parse(ok("{\"allow\": false, \"message\": \"<script>alert(1)</script>\"}"));
        assertEquals("<script>alert(1)</script>", html.message(), "kept as text; pages escape it");
        PrehookDecision longOne = DecisionParser.parse(ok("{\"allow\": false, \"message\": \"" + "a".repeat(800) + "\"}"));
        assertEquals(500, longOne.message().length());
        assertTrue(longOne.message().endsWith("…"));
    }

    @Test
    void failures() {
        assertEquals(Outcome.FAILURE, DecisionParser.parse(new HookResponse(500, "{\"allow\": true}", Map.of(), 3, null)).outcome());
        assertEquals(Outcome.FAILURE, DecisionParser.parse(new HookResponse(302, "", Map.of(), 3, "redirect not followed (status 302)")).outcome());
        assertEquals(Outcome.FAILURE, DecisionParser.parse(HookResponse.failed("timeout after 100 ms", 100)).outcome());
        assertEquals(Outcome.FAILURE, DecisionParser.parse(ok("not json")).outcome());
        assertEquals(Outcome.FAILURE, DecisionParser.parse(ok("[false]")).outcome());
        assertEquals(Outcome.FAILURE, DecisionParser.parse(ok("\"deny\"")).outcome());
        assertEquals("the response body is not a JSON object", DecisionParser.parse(ok("[false]")).failure());
    }

    @Test
    void failModeDecidesWhatAFailureMeans() {
        HookResponse down = new HookResponse(503, "", Map.of(), 5, null);
        assertTrue(PrehookCall.of(prehook(FailMode.OPEN), down).proceeds());
        PrehookCall closed = PrehookCall.of(prehook(FailMode.CLOSED), down);
        assertFalse(closed.proceeds());
        assertEquals("hooksUnavailable", closed.fallbackMessageKey());
        assertFalse(PrehookCall.of(prehook(FailMode.OPEN), ok("{\"allow\": false}")).proceeds(), "a denial always stops");
        assertTrue(PrehookCall.of(prehook(FailMode.CLOSED), ok("")).proceeds());
    }

    private static PrehookConfig prehook(FailMode failMode) {
        return new PrehookConfig("p", Trigger.PRE_SIGN_IN, new Endpoint(URI.create("https://x.test/"), null, Map.of(),
                Duration.ofSeconds(1)), true, null, null, failMode, 0, 0);
    }

    private static HookResponse ok(String body) {
        return new HookResponse(200, body, Map.of(), 3, null);
    }
}
