package io.keycloakhooks.prehook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.FailMode;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.execlog.ExecutionRecord;
import io.keycloakhooks.transport.HookResponse;
import org.junit.jupiter.api.Test;

class ExecutionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSignInDenialNamesTheUserTheDecisionAndTheMessage() {
        ObjectNode data = JSON.createObjectNode();
        data.putObject("user").put("id", "u-1").put("username", "alice").put("email", "alice@example.com");
        HookResponse response = new HookResponse(200, "{\"allow\":false,\"reason\":\"banned\"}", Map.of(), 12, null);
        PrehookCall call = PrehookCall.of(PrehookRunnerTest.hook("deny-list", 1, FailMode.CLOSED), response);

        ExecutionRecord r = Executions.of("realm-1", Trigger.PRE_SIGN_IN, data, call, 1_000);

        assertEquals("deny-list", r.hookId());
        assertEquals("pre_sign_in", r.trigger());
        assertEquals("u-1", r.userId());
        assertEquals("alice", r.username());
        assertEquals("alice@example.com", r.email());
        assertEquals("deny", r.decision());
        assertFalse(r.proceeded());
        assertEquals(200, r.statusCode());
        assertEquals(12, r.latencyMs());
        assertEquals("banned", r.message());
        assertNull(r.failure());
    }

    @Test
    void aSignUpFailureFailingOpenNamesTheEnteredEmailAndTheReason() {
        ObjectNode data = JSON.createObjectNode().put("email", "new@example.com").put("username", "newbie");
        PrehookCall call = PrehookCall.of(PrehookRunnerTest.hook("seats", 1, FailMode.OPEN),
                HookResponse.failed("timeout after 500 ms", 501));

        ExecutionRecord r = Executions.of("realm-1", Trigger.PRE_SIGN_UP, data, call, 1_000);

        assertNull(r.userId());
        assertEquals("newbie", r.username());
        assertEquals("new@example.com", r.email());
        assertEquals("failure", r.decision());
        assertTrue(r.proceeded());
        assertNull(r.statusCode());
        assertEquals("timeout after 500 ms", r.failure());
    }
}
