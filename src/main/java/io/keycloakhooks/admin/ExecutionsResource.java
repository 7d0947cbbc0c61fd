package io.keycloakhooks.admin;

import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.execlog.ExecutionRecord;
import io.keycloakhooks.execlog.ExecutionStore;
import io.keycloakhooks.webhook.Timestamps;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** {@code GET /prehooks/{id}/executions}: one prehook's execution log (docs/prehooks.md#execution-log), newest first. */
final class ExecutionsResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExecutionsResource() {
    }

    static Response list(KeycloakSession session, RealmModel realm, String prehookId, int first, int max) {
        Optional<Response> refusal = PageParams.refusal(first, max);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        ArrayNode list = JSON.createArrayNode();
        ExecutionStore.of(session).page(realm.getId(), prehookId, first, max).forEach(r -> list.add(representation(r)));
        return Response.ok(list).build();
    }

    static ObjectNode representation(ExecutionRecord r) {
        ObjectNode node = JSON.createObjectNode()
                .put("id", r.id())
                .put("time", Timestamps.format(r.createdAt()))
                .put("hookId", r.hookId())
                .put("trigger", r.trigger())
                .put("userId", r.userId())
                .put("username", r.username())
                .put("email", r.email())
                .put("decision", r.decision())
                .put("proceeded", r.proceeded())
                .put("latencyMs", r.latencyMs())
                .put("failure", r.failure())
                .put("message", r.message());
        if (r.statusCode() == null) {
            node.putNull("status");
        } else {
            node.put("status", r.statusCode());
        }
        return node;
    }
}
