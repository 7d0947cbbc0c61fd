package io.keycloakhooks.claims;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.FailMode;
import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.transport.HookResponse;

/**
 * What the admin test action ({@code POST /prehooks/{id}/test}) reports for a {@code jwt} prehook: the answer read
 * exactly as the mapper reads it ({@link ClaimsParser}), so an admin sees the claims a token would get, the
 * protected ones that would be dropped, and why an answer would count as a failure.
 */
public final class JwtTestResult {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JwtTestResult() {
    }

    /**
     * The fields after {@code messageId}: {@code trigger}, {@code decision} ({@code claims} or {@code failure}),
     * {@code claims} (what would be merged; empty on failure), {@code droppedClaims} (protected names the answer
     * held), {@code failMode}, {@code proceeds} (whether the token would be issued), {@code status},
     * {@code latencyMs} and {@code error} (why the answer is a failure, else null).
     */
    public static void putInto(ObjectNode result, PrehookConfig hook, HookResponse response) {
        List<String> dropped = new ArrayList<>();
        ClaimsResult claims = ClaimsParser.parse(response, hook.format(), dropped::add);
        result.put("trigger", hook.trigger().value())
                .put("decision", claims.failed() ? "failure" : "claims");
        result.set("claims", JSON.valueToTree(claims.claims()));
        result.set("droppedClaims", JSON.valueToTree(List.copyOf(new LinkedHashSet<>(dropped))));
        result.put("failMode", hook.failMode().value())
                .put("proceeds", !claims.failed() || hook.failMode() == FailMode.OPEN);
        if (response.status() > 0) {
            result.put("status", response.status());
        } else {
            result.putNull("status");
        }
        result.put("latencyMs", response.latencyMillis()).put("error", claims.failure());
    }
}
