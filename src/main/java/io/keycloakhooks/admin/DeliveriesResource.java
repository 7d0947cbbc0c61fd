package io.keycloakhooks.admin;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.delivery.AfterCommitDelivery;
import io.keycloakhooks.runtime.HooksRuntime;
import io.keycloakhooks.webhook.Timestamps;
import io.keycloakhooks.outbox.AttemptEntity;
import io.keycloakhooks.outbox.MessageEntity;
import io.keycloakhooks.outbox.MessageStatus;
import io.keycloakhooks.outbox.OutboxStore;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * The delivery log of one webhook (docs/admin-api.md): its messages with their attempts, newest first, and redelivery.
 * Reading needs view-events, redelivering manage-events.
 */
public class DeliveriesResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final String webhookId;
    private final Clock clock = Clock.systemUTC();

    DeliveriesResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, String webhookId) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.webhookId = webhookId;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("status") String status, @QueryParam("first") @DefaultValue("0") int first,
            @QueryParam("max") @DefaultValue("100") int max) {
        auth.realm().requireViewEvents();
        MessageStatus filter;
        try {
            filter = status == null || status.isEmpty() ? null : MessageStatus.parse(status);
        } catch (IllegalArgumentException e) {
            return ErrorResponses.of(Response.Status.BAD_REQUEST, "status", e.getMessage());
        }
        Optional<Response> refusal = PageParams.refusal(first, max);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        OutboxStore store = OutboxStore.of(session);
        List<MessageEntity> messages = store.messages(realm.getId(), webhookId, filter, first, max);
        Map<String, List<AttemptEntity>> attempts = store.attempts(messages.stream().map(MessageEntity::getId).toList())
                .stream().collect(Collectors.groupingBy(AttemptEntity::getMessageId));
        ArrayNode list = JSON.createArrayNode();
        messages.forEach(m -> list.add(representation(m, attempts.getOrDefault(m.getId(), List.of()))));
        return Response.ok(list).build();
    }

    @POST
    @Path("{messageId}/redeliver")
    @Produces(MediaType.APPLICATION_JSON)
    public Response redeliver(@PathParam("messageId") String messageId) {
        auth.realm().requireManageEvents();
        if (!OutboxStore.of(session).redeliver(realm.getId(), webhookId, messageId, clock.millis())) {
            return ErrorResponses.of(Response.Status.NOT_FOUND, null,
                    "webhook '" + webhookId + "' has no message '" + messageId + "'");
        }
        AfterCommitDelivery.enlist(session, session.getProvider(HooksRuntime.class).dispatchers()).claimNeeded();
        return Response.accepted(JSON.createObjectNode().put("id", messageId)
                .put("status", MessageStatus.PENDING.value())).build();
    }

    /** {@code POST /webhooks/{id}/redeliver-failed?since=<ISO time>}, reached through the collection resource. */
    Response redeliverFailed(String since) {
        auth.realm().requireManageEvents();
        Instant from;
        try {
            from = Instant.parse(since == null ? "" : since);
        } catch (DateTimeParseException e) {
            return ErrorResponses.of(Response.Status.BAD_REQUEST, "since",
                    "since must be an ISO-8601 UTC time such as 2026-11-22T10:15:30Z");
        }
        int queued = OutboxStore.of(session).redeliverFailed(realm.getId(), webhookId, from.toEpochMilli(), clock.millis());
        if (queued > 0) {
            AfterCommitDelivery.enlist(session, session.getProvider(HooksRuntime.class).dispatchers()).claimNeeded();
        }
        return Response.accepted(JSON.createObjectNode().put("queued", queued)).build();
    }

    private static ObjectNode representation(MessageEntity m, List<AttemptEntity> attempts) {
        boolean pending = MessageStatus.PENDING.value().equals(m.getStatus());
        ObjectNode node = JSON.createObjectNode()
                .put("id", m.getId())
                .put("webhookId", m.getWebhookId())
                .put("type", m.getEventType())
                .put("status", m.getStatus())
                .put("createdAt", time(m.getCreatedAt()))
                .put("nextAttemptAt", pending ? time(m.getNextAttemptAt()) : null)
                .put("deliveredAt", m.getDeliveredAt() == null ? null : time(m.getDeliveredAt()))
                .put("attemptCount", m.getAttempts())
                .put("lastError", m.getLastError());
        try {
            node.set("payload", JSON.readTree(m.getPayload()));
        } catch (java.io.IOException e) {
            node.put("payload", m.getPayload());
        }
        ArrayNode list = node.putArray("attempts");
        List<AttemptEntity> newestFirst = new ArrayList<>(attempts.reversed());
        AttemptEntity delivered = m.deliveredAttempt();
        if (delivered != null) {
            newestFirst.addFirst(delivered);
        }
        for (AttemptEntity a : newestFirst) {
            ObjectNode attempt = list.addObject()
                    .put("attemptedAt", time(a.getAttemptedAt()))
                    .put("trigger", a.getTrigger())
                    .put("latencyMs", a.getLatencyMs())
                    .put("error", a.getError());
            if (a.getStatusCode() == null) {
                attempt.putNull("status");
            } else {
                attempt.put("status", a.getStatusCode());
            }
        }
        return node;
    }

    private static String time(long epochMillis) {
        return Timestamps.format(epochMillis);
    }
}
