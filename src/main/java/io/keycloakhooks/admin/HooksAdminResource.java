package io.keycloakhooks.admin;

import java.util.List;

import io.keycloakhooks.config.HookKind;
import io.keycloakhooks.config.EventCatalogue;
import io.keycloakhooks.config.EventCatalogue.CatalogueEntry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * The admin REST API at {@code /admin/realms/{realm}/hooks}. Keycloak has already authenticated the bearer
 * token and checked that it belongs to this realm (or master) before it reaches this resource; each method
 * checks the realm-management role it needs.
 */
public class HooksAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public HooksAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Path("events")
    @Produces(MediaType.APPLICATION_JSON)
    public List<CatalogueEntry> events() {
        auth.realm().requireViewRealm();
        return EventCatalogue.all();
    }

    @Path("webhooks")
    public HookCollectionResource webhooks() {
        return new HookCollectionResource(session, realm, auth, adminEvent, HookKind.WEBHOOK);
    }

    @Path("coverage")
    public CoverageResource coverage() {
        return new CoverageResource(session, realm, auth, adminEvent);
    }

    @Path("prehooks")
    public HookCollectionResource prehooks() {
        return new HookCollectionResource(session, realm, auth, adminEvent, HookKind.PREHOOK);
    }
}
