package io.keycloakhooks.prehook;

import java.util.Locale;
import io.keycloakhooks.outbox.TimeOrderedIds;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.execlog.ExecutionRecord;
import io.keycloakhooks.transport.HookResponse;

/** Turns a prehook call into its execution log record. */
public final class Executions {

    private Executions() {
    }

    /**
     * @param data the request's {@code data}: the subject is its {@code user} (sign-in, password reset, jwt) or the
     *             entered {@code email} and {@code username} (sign-up)
     */
    public static ExecutionRecord of(String realmId, Trigger trigger, JsonNode data, PrehookCall call, long now) {
        JsonNode subject = data.hasNonNull("user") ? data.get("user") : data;
        PrehookDecision decision = call.decision();
        return record(realmId, call.hook().id(), trigger, now, text(subject, "id"), text(subject, "username"),
                text(subject, "email"), decision.outcome().name().toLowerCase(Locale.ROOT), call.proceeds(),
                call.response(), decision.failure(), decision.message());
    }

    /** A record of one call: the hook's answer as {@code response} gives it, what it meant as the caller read it. */
    public static ExecutionRecord record(String realmId, String hookId, Trigger trigger, long now, String userId,
            String username, String email, String decision, boolean proceeded, HookResponse response, String failure,
            String message) {
        int status = response.status();
        return new ExecutionRecord(TimeOrderedIds.next(), realmId, hookId, trigger.value(), now, userId,
                username, email, decision, proceeded, status == 0 ? null : status, response.latencyMillis(), failure,
                message);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
