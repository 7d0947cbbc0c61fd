package io.keycloakhooks.admin;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.claims.JwtTestResult;
import io.keycloakhooks.config.HookConfig;
import io.keycloakhooks.config.HookJson;
import io.keycloakhooks.config.HookKind;
import io.keycloakhooks.config.HookRef;
import io.keycloakhooks.config.ParseResult;
import io.keycloakhooks.config.RealmHooks;
import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.config.WebhookConfig;
import io.keycloakhooks.prehook.PrehookCall;
import io.keycloakhooks.prehook.PrehookDecision;
import io.keycloakhooks.prehook.SampleRequests;
import io.keycloakhooks.runtime.HookCaller;
import io.keycloakhooks.runtime.HooksRuntime;
import io.keycloakhooks.runtime.RealmSecrets;
import io.keycloakhooks.transport.HookResponse;
import io.keycloakhooks.webhook.TestMessage;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /webhooks} or {@code /prehooks}: list, read, create, replace and delete hooks of one kind. Writes touch
 * only the hook's own realm attribute and are recorded as admin events (resource type CUSTOM, path
 * {@code hooks/<kind>s/<id>}) with the secret masked.
 */
public class HookCollectionResource {

    private static final Logger LOG = Logger.getLogger(HookCollectionResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final HookKind kind;

    HookCollectionResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent, HookKind kind) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.CUSTOM);
        this.kind = kind;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ArrayNode list() {
        auth.realm().requireViewRealm();
        ArrayNode list = JSON.createArrayNode();
        hooks().results().stream().filter(r -> r.ref().kind() == kind).map(HookCollectionResource::representation)
                .forEach(list::add);
        return list;
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        auth.realm().requireViewRealm();
        return find(id).map(r -> Response.ok(representation(r)).build()).orElseGet(() -> notFound(id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        auth.realm().requireManageRealm();
        String id = body != null && body.hasNonNull("id") ? body.get("id").asText() : generatedId();
        HookRef ref = new HookRef(kind, id);
        if (realm.getAttribute(ref.attributeName()) != null) {
            return ErrorResponses.of(Response.Status.CONFLICT, "id", label() + " '" + id + "' already exists");
        }
        return write(ref, body, Optional.empty(), OperationType.CREATE);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, JsonNode body) {
        auth.realm().requireManageRealm();
        Optional<ParseResult> existing = find(id);
        if (existing.isEmpty()) {
            return notFound(id);
        }
        if (body != null && body.hasNonNull("id") && !id.equals(body.get("id").asText())) {
            return ErrorResponses.of(Response.Status.BAD_REQUEST, "id", "must match the id in the path ('" + id + "')");
        }
        return write(new HookRef(kind, id), body, Optional.ofNullable(existing.get().config()), OperationType.UPDATE);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        HookRef ref = new HookRef(kind, id);
        if (realm.getAttribute(ref.attributeName()) == null) {
            return notFound(id);
        }
        realm.removeAttribute(ref.attributeName());
        adminEvent.operation(OperationType.DELETE).resourcePath(path(id)).success();
        LOG.infof("realm %s: %s deleted through the admin API", realm.getName(), ref.attributeName());
        return Response.noContent().build();
    }

    /**
     * Webhooks: sends {@code webhook.test} now, whatever the webhook's events, and returns the attempt.
     * Prehooks: calls the prehook with a sample request for its trigger and returns the parsed decision; for a
     * {@code jwt} prehook the claims a token would get ({@link JwtTestResult}).
     */
    @POST
    @Path("{id}/test")
    @Produces(MediaType.APPLICATION_JSON)
    public Response test(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        Optional<ParseResult> found = find(id);
        if (found.isEmpty()) {
            return notFound(id);
        }
        if (!found.get().valid()) {
            return ErrorResponses.invalid(found.get().errors());
        }
        HookConfig hook = found.get().config();
        String messageId = UUID.randomUUID().toString();
        Clock clock = Clock.systemUTC();
        byte[] body = switch (hook) {
            case WebhookConfig webhook -> TestMessage.envelope(messageId, realm, webhook, clock);
            case PrehookConfig prehook -> SampleRequests.envelope(messageId, prehook.trigger(), realm.getId(),
                    realm.getName(), clock);
        };
        String issuer = Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
        HookResponse response = new HookCaller(session, realm, issuer, clock).call(hook, messageId, body);

        ObjectNode result = JSON.createObjectNode().put("messageId", messageId);
        if (hook instanceof PrehookConfig prehook && prehook.trigger() == Trigger.JWT) {
            JwtTestResult.putInto(result, prehook, response);
            return Response.ok(result).build();
        }
        if (hook instanceof PrehookConfig prehook) {
            putDecision(result, PrehookCall.of(prehook, response));
        } else {
            result.put("success", response.isSuccess());
        }
        if (response.status() > 0) {
            result.put("status", response.status());
        } else {
            result.putNull("status");
        }
        result.put("latencyMs", response.latencyMillis()).put("error", response.error());
        return Response.ok(result).build();
    }

    /** Webhooks only: the delivery log and redelivery of one message. */
    @Path("{id}/deliveries")
    public DeliveriesResource deliveries(@PathParam("id") String id) {
        return new DeliveriesResource(session, realm, auth, existingWebhook(id));
    }

    @POST
    @Path("{id}/redeliver-failed")
    @Produces(MediaType.APPLICATION_JSON)
    public Response redeliverFailed(@PathParam("id") String id, @QueryParam("since") String since) {
        return new DeliveriesResource(session, realm, auth, existingWebhook(id)).redeliverFailed(since);
    }

    private String existingWebhook(String id) {
        if (kind != HookKind.WEBHOOK || find(id).isEmpty()) {
            throw new WebApplicationException(notFound(id));
        }
        return id;
    }

    private static void putDecision(ObjectNode result, PrehookCall call) {
        PrehookDecision decision = call.decision();
        result.put("trigger", call.hook().trigger().value())
                .put("decision", decision.outcome().name().toLowerCase(java.util.Locale.ROOT))
                .put("message", decision.message())
                .put("messageKey", decision.messageKey());
        result.set("fieldErrors", JSON.valueToTree(decision.fieldErrors()));
        result.put("failMode", call.hook().failMode().value())
                .put("proceeds", call.proceeds());
    }

    private Response write(HookRef ref, JsonNode body, Optional<HookConfig> existing, OperationType operation) {
        HookWrite.Prepared prepared;
        try {
            prepared = HookWrite.prepare(ref, body, existing, new RealmSecrets(session, realm)::protect,
                    session.getProvider(HooksRuntime.class).policy());
        } catch (InvalidHookException e) {
            return ErrorResponses.invalid(e.errors());
        }
        realm.setAttribute(ref.attributeName(), prepared.attributeValue());
        ObjectNode representation = representation(prepared.stored());
        adminEvent.operation(operation).resourcePath(path(ref.id())).representation(representation).success();
        LOG.infof("realm %s: %s %s through the admin API", realm.getName(), ref.attributeName(),
                operation == OperationType.CREATE ? "created" : "replaced");

        if (prepared.generatedSecret() != null) {
            representation.put("secret", prepared.generatedSecret());
        }
        if (!prepared.warnings().isEmpty()) {
            representation.set("warnings", JSON.valueToTree(prepared.warnings()));
        }
        if (operation == OperationType.CREATE) {
            URI location = session.getContext().getUri().getAbsolutePathBuilder().path(ref.id()).build();
            return Response.created(location).entity(representation).build();
        }
        return Response.ok(representation).build();
    }

    private RealmHooks hooks() {
        return RealmHooks.from(realm.getName(), realm.getAttributes());
    }

    private Optional<ParseResult> find(String id) {
        return hooks().find(new HookRef(kind, id));
    }

    private static ObjectNode representation(ParseResult result) {
        if (result.valid()) {
            return representation(result.config());
        }
        ObjectNode invalid = JSON.createObjectNode().put("id", result.ref().id()).put("valid", false);
        invalid.set("errors", ErrorResponses.fieldErrors(result.errors()));
        return invalid;
    }

    private static ObjectNode representation(HookConfig config) {
        return HookJson.toRepresentation(config).put("valid", true);
    }

    private String path(String id) {
        return "hooks/" + label() + "s/" + id;
    }

    private String label() {
        return kind == HookKind.WEBHOOK ? "webhook" : "prehook";
    }

    private String generatedId() {
        return label() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Response notFound(String id) {
        return ErrorResponses.of(Response.Status.NOT_FOUND, null, "no " + label() + " '" + id + "' in realm " + realm.getName());
    }
}
