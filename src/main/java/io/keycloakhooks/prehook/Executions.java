package io.keycloakhooks.prehook;

import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.execlog.ExecutionRecord;

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
        int status = call.response().status();
        return new ExecutionRecord(UUID.randomUUID().toString(), realmId, call.hook().id(), trigger.value(), now,
                text(subject, "id"), text(subject, "username"), text(subject, "email"),
                decision.outcome().name().toLowerCase(Locale.ROOT), call.proceeds(), status == 0 ? null : status,
                call.response().latencyMillis(), decision.failure(), decision.message());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
