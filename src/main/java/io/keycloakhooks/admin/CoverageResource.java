package io.keycloakhooks.admin;

import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.coverage.Binding;
import io.keycloakhooks.coverage.CoverageApply;
import io.keycloakhooks.coverage.CoverageJson;
import io.keycloakhooks.coverage.RealmFlowsReader;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code /hooks/coverage}: where the realm's prehooks run, and the one call that wires the flows (docs/prehooks.md#coverage). */
public class CoverageResource {

    private static final Logger LOG = Logger.getLogger(CoverageResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    CoverageResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode coverage() {
        auth.realm().requireViewRealm();
        return CoverageJson.of(RealmFlowsReader.coverage(session, realm));
    }

    @POST
    @Path("apply")
    @Produces(MediaType.APPLICATION_JSON)
    public Response apply(@QueryParam("dryRun") String dryRunParam) {
        auth.realm().requireManageRealm();
        String value = dryRunParam == null || dryRunParam.isBlank() ? "true" : dryRunParam.trim().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            return ErrorResponses.of(Response.Status.BAD_REQUEST, "dryRun", "must be true or false, not '" + dryRunParam + "'");
        }
        boolean dryRun = value.equals("true");
        CoverageApply.Outcome outcome = CoverageApply.run(session, realm, dryRun, new AdminEvents());
        ObjectNode result = JSON.createObjectNode().put("dryRun", dryRun);
        ArrayNode changes = result.putArray("changes");
        outcome.changes().forEach(c -> changes.add(change(c)));
        result.set("coverage", CoverageJson.of(outcome.coverage()));
        if (!dryRun && !outcome.changes().isEmpty()) {
            LOG.infof("realm %s: coverage apply made %d change(s): %s", realm.getName(), outcome.changes().size(), changes);
        }
        return Response.ok(result).build();
    }

    static ObjectNode change(CoverageApply.Change change) {
        ObjectNode node = JSON.createObjectNode().put("path", change.path().path().value())
                .put("binding", change.path().binding().value());
        if (change.path().binding() == Binding.CLIENT) {
            node.put("client", change.path().owner());
        } else if (change.path().binding() == Binding.IDENTITY_PROVIDER) {
            node.put("identityProvider", change.path().owner());
        }
        node.put("from", change.path().flow()).put("to", change.to())
                .put("action", change.action().name().toLowerCase(Locale.ROOT));
        if (change.reason() != null) {
            node.put("reason", change.reason());
        }
        return node;
    }

    /** Each write of apply is an admin event of the resource it changed. */
    private final class AdminEvents implements CoverageApply.Writes {
        @Override
        public void flowCreated(AuthenticationFlowModel flow, CoverageApply.Change change) {
            adminEvent.clone(session).resource(ResourceType.AUTH_FLOW).operation(OperationType.CREATE)
                    .resourcePath("authentication", "flows", flow.getId())
                    .representation(JSON.createObjectNode().put("alias", flow.getAlias()).put("copyOf", change.path().flow()))
                    .success();
        }

        @Override
        public void bound(CoverageApply.Change change, String resourcePath) {
            ResourceType type = switch (change.path().binding()) {
                case REALM -> ResourceType.REALM;
                case CLIENT -> ResourceType.CLIENT;
                case IDENTITY_PROVIDER -> ResourceType.IDENTITY_PROVIDER;
            };
            AdminEventBuilder event = adminEvent.clone(session).resource(type).operation(OperationType.UPDATE);
            if (!resourcePath.isEmpty()) {
                event.resourcePath(resourcePath);
            }
            event.representation(change(change)).success();
        }
    }
}
