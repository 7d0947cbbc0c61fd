package io.keycloakhooks.events;

import io.keycloakhooks.config.HookRedaction;
import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.jpa.AdminEventEntity;
import org.keycloak.models.KeycloakSession;

/**
 * Keycloak's admin-event store records an admin event's representation before any listener sees it, in the same
 * transaction: a realm update's body carries the hook attributes, a console page save the hook's settings. The
 * stored row is found by the event's id and redacted before the transaction commits.
 */
final class StoredAdminEvents {

    private StoredAdminEvents() {
    }

    static void redact(KeycloakSession session, AdminEvent event) {
        String redacted = HookRedaction.redact(event.getRepresentation());
        if (redacted == null || event.getId() == null) {
            return;
        }
        event.setRepresentation(redacted);
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        AdminEventEntity stored = em.find(AdminEventEntity.class, event.getId());
        if (stored != null) {
            stored.setRepresentation(redacted);
        }
    }
}
