package io.keycloakhooks.admin;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.FieldError;
import io.keycloakhooks.coverage.CoverageJson;
import io.keycloakhooks.coverage.RealmFlowsReader;
import io.keycloakhooks.claims.JwtTestResult;
import io.keycloakhooks.config.HookConfig;
import io.keycloakhooks.config.HookJson;
import io.keycloakhooks.config.HookKind;
import io.keycloakhooks.config.HookParser;
import io.keycloakhooks.config.HookRef;
import io.keycloakhooks.config.ParseResult;
import io.keycloakhooks.config.RealmHooks;
import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.config.Secrets;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.prehook.PrehookCall;
import io.keycloakhooks.prehook.PrehookDecision;
import io.keycloakhooks.runtime.HooksRuntime;
import io.keycloakhooks.secrets.RealmSecrets;
import io.keycloakhooks.store.HookStore;
import io.keycloakhooks.store.HookValues;
import io.keycloakhooks.store.RevisionEntity;
import io.keycloakhooks.store.WriteSource;
import io.keycloakhooks.webhook.Timestamps;
import io.keycloakhooks.transport.HookResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
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
        RealmSecrets secrets = new RealmSecrets(session, realm);
        hooks().results().stream().filter(r -> r.ref().kind() == kind).map(r -> representation(usable(r, secrets)))
                .forEach(list::add);
        return list;
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        auth.realm().requireViewRealm();
        RealmSecrets secrets = new RealmSecrets(session, realm);
        return find(id).map(r -> Response.ok(representation(usable(r, secrets))).build()).orElseGet(() -> notFound(id));
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
        if (realm.getAttribute(ref.attributeName()) == null || !HookStore.of(session, realm).delete(ref, writer())) {
            return notFound(id);
        }
        adminEvent.operation(OperationType.DELETE).resourcePath(path(id)).success();
        LOG.infof("realm %s: %s deleted through the admin API", realm.getName(), ref.attributeName());
        return Response.noContent().build();
    }

    /** The last revisions of a hook, newest first, masked; a deleted hook's history too. */
    @GET
    @Path("{id}/revisions")
    @Produces(MediaType.APPLICATION_JSON)
    public Response revisions(@PathParam("id") String id) {
        auth.realm().requireViewRealm();
        HookRef ref = new HookRef(kind, id);
        List<RevisionEntity> history = HookStore.of(session, realm).history(ref);
        if (history.isEmpty() && realm.getAttribute(ref.attributeName()) == null) {
            return notFound(id);
        }
        ArrayNode list = JSON.createArrayNode();
        for (RevisionEntity revision : history) {
            ObjectNode entry = list.addObject().put("revision", revision.getRevision())
                    .put("time", Timestamps.format(revision.getCreatedAt()))
                    .put("by", revision.getByUser())
                    .put("source", revision.getSource())
                    .put("deleted", revision.isDeleted());
            if (revision.getValue() == null) {
                entry.putNull("hook");
            } else {
                entry.set("hook", representation(HookParser.parse(ref, revision.getValue())));
            }
        }
        return Response.ok(list).build();
    }

    /** Stores an earlier revision's configuration as a new revision, keeping the current secret. */
    @POST
    @Path("{id}/revisions/{revision}/restore")
    @Produces(MediaType.APPLICATION_JSON)
    public Response restore(@PathParam("id") String id, @PathParam("revision") long revision) {
        auth.realm().requireManageRealm();
        HookRef ref = new HookRef(kind, id);
        Optional<RevisionEntity> wanted = HookStore.of(session, realm).history(ref).stream()
                .filter(r -> r.getRevision() == revision && r.getValue() != null).findFirst();
        if (wanted.isEmpty()) {
            return ErrorResponses.of(Response.Status.NOT_FOUND, "revision", "no revision " + revision + " of "
                    + label() + " '" + id + "' to restore (the last " + HookStore.KEPT_REVISIONS + " are kept)");
        }
        ObjectNode restored;
        try {
            restored = (ObjectNode) JSON.readTree(wanted.get().getValue());
        } catch (IOException | ClassCastException e) {
            return ErrorResponses.of(Response.Status.BAD_REQUEST, "revision", "revision " + revision + " is not a JSON object");
        }
        restored.remove(HookValues.REVISION);
        restored.remove(HookValues.DISABLED_REASON);
        Optional<HookConfig> current = find(id).map(ParseResult::config);
        boolean signed = current.map(c -> c.endpoint().secret() != null).orElse(false);
        if (signed) {
            restored.put("secret", Secrets.MASK);
        } else {
            restored.remove("secret");
        }
        OperationType operation = realm.getAttribute(ref.attributeName()) == null ? OperationType.CREATE : OperationType.UPDATE;
        return write(ref, restored, current, operation);
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
        HookTest.Outcome outcome = HookTest.run(session, realm, found.get().config());
        HookResponse response = outcome.response();

        ObjectNode result = JSON.createObjectNode().put("messageId", outcome.messageId());
        // the body as sent, in the hook's format (docs/formats.md), so an admin sees what the receiver got
        result.putObject("request").put("format", found.get().config().format().value()).put("body", outcome.body());
        if (found.get().config() instanceof PrehookConfig prehook && prehook.trigger() == Trigger.JWT) {
            JwtTestResult.putInto(result, prehook, response);
            return Response.ok(result).build();
        }
        if (outcome.prehookCall() != null) {
            putDecision(result, outcome.prehookCall());
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
        auth.realm().requireViewEvents(); // before the lookup: without the role, no answer tells which ids exist
        return new DeliveriesResource(session, realm, auth, existingWebhook(id));
    }

    @POST
    @Path("{id}/redeliver-failed")
    @Produces(MediaType.APPLICATION_JSON)
    public Response redeliverFailed(@PathParam("id") String id, @QueryParam("since") String since) {
        auth.realm().requireManageEvents();
        return new DeliveriesResource(session, realm, auth, existingWebhook(id)).redeliverFailed(since);
    }

    /** Prehooks only: the execution log. */
    @GET
    @Path("{id}/executions")
    @Produces(MediaType.APPLICATION_JSON)
    public Response executions(@PathParam("id") String id, @QueryParam("first") @DefaultValue("0") int first,
            @QueryParam("max") @DefaultValue("100") int max) {
        auth.realm().requireViewEvents();
        if (kind != HookKind.PREHOOK || find(id).isEmpty()) {
            return notFound(id);
        }
        return ExecutionsResource.list(session, realm, id, first, max);
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
        HookStore store = HookStore.of(session, realm);
        HookStore.State current = store.state(ref);
        JsonNode sentRevision = body == null ? null : body.get(HookValues.REVISION);
        if (sentRevision != null && !sentRevision.isNull() && sentRevision.asLong(-1) != current.revision()) {
            return ErrorResponses.of(Response.Status.CONFLICT, HookValues.REVISION, "is " + sentRevision.asText()
                    + ", but " + label() + " '" + ref.id() + "' is at revision " + current.revision()
                    + " (changed since it was loaded): reload it and apply the change again");
        }
        HookWrite.Prepared prepared;
        try {
            prepared = HookWrite.prepare(ref, body, existing,
                    HookWrite.SecretProtector.of(new RealmSecrets(session, realm)),
                    session.getProvider(HooksRuntime.class).policy());
        } catch (InvalidHookException e) {
            return ErrorResponses.invalid(e.errors());
        }
        store.put(ref, prepared.attributeValue(), current, writer());
        ObjectNode representation = representation(hooks().find(ref).orElseThrow());
        adminEvent.operation(operation).resourcePath(path(ref.id())).representation(representation).success();
        LOG.infof("realm %s: %s %s through the admin API", realm.getName(), ref.attributeName(),
                operation == OperationType.CREATE ? "created" : "replaced");

        if (prepared.generatedSecret() != null) {
            representation.put("secret", prepared.generatedSecret());
        }
        if (!prepared.warnings().isEmpty()) {
            representation.set("warnings", JSON.valueToTree(prepared.warnings()));
        }
        if (prepared.stored() instanceof PrehookConfig prehook) {
            // so the admin sees at once where the prehook would not run (docs/prehooks.md#coverage)
            representation.set("coverage", RealmFlowsReader.coverage(session, realm).of(prehook.trigger())
                    .<JsonNode>map(CoverageJson::of).orElse(JSON.nullNode()));
        }
        if (operation == OperationType.CREATE) {
            URI location = session.getContext().getUri().getAbsolutePathBuilder().path(ref.id()).build();
            return Response.created(location).entity(representation).build();
        }
        return Response.ok(representation).build();
    }

    private HookStore.Writer writer() {
        return new HookStore.Writer(WriteSource.API, auth.adminAuth().getUser().getId());
    }

    private RealmHooks hooks() {
        return RealmHooks.from(realm.getName(), realm.getAttributes());
    }

    private Optional<ParseResult> find(String id) {
        return hooks().find(new HookRef(kind, id));
    }

    /**
     * A valid hook whose stored secret is encrypted but does not decrypt with this realm's keys (written by a realm
     * update or import from another realm, or its key deleted) cannot sign: it is shown as invalid, naming
     * {@code secret}. Its calls fail with the reason (a prehook by its fail mode).
     */
    private static ParseResult usable(ParseResult result, RealmSecrets secrets) {
        if (!result.valid() || result.config().endpoint().secret() == null
                || secrets.decrypts(result.config().endpoint().secret())) {
            return result;
        }
        return new ParseResult(result.ref(), result.raw(), null, List.of(new FieldError("secret",
                "the encrypted secret cannot be decrypted with this realm's keys; write the secret again")));
    }

    /** A hook as the API shows it: masked, with its revision and, when auto-disabled, why. */
    static ObjectNode representation(ParseResult result) {
        ObjectNode node;
        if (result.valid()) {
            node = HookJson.toRepresentation(result.config()).put("valid", true);
        } else {
            node = JSON.createObjectNode().put("id", result.ref().id()).put("valid", false);
            node.set("errors", ErrorResponses.fieldErrors(result.errors()));
        }
        return HookValues.putStoreFields(node, result.raw());
    }

    private String path(String id) {
        return "hooks/" + label() + "s/" + id;
    }

    private String label() {
        return kind == HookKind.WEBHOOK ? "webhook" : "prehook";
    }

    private String generatedId() {
        return HookWrite.generatedId(kind);
    }

    private Response notFound(String id) {
        return ErrorResponses.of(Response.Status.NOT_FOUND, null, "no " + label() + " '" + id + "' in realm " + realm.getName());
    }
}
