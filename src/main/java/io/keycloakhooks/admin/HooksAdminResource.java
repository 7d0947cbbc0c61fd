package io.keycloakhooks.admin;

import java.util.List;

import io.keycloakhooks.webhook.EventCatalogue;
import io.keycloakhooks.webhook.EventCatalogue.CatalogueEntry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * The admin REST API at {@code /admin/realms/{realm}/hooks}. Keycloak has already authenticated the bearer
 * token and checked that it belongs to this realm (or master) before it reaches this resource; each method
 * checks the realm-management role it needs.
 */
public class HooksAdminResource {

    private final AdminPermissionEvaluator auth;

    public HooksAdminResource(AdminPermissionEvaluator auth) {
        this.auth = auth;
    }

    @GET
    @Path("events")
    @Produces(MediaType.APPLICATION_JSON)
    public List<CatalogueEntry> events() {
        auth.realm().requireViewRealm();
        return EventCatalogue.all();
    }
}
