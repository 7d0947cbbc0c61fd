package io.keycloakhooks.events;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;

/**
 * Runs inside the transaction of the request that caused the event. Today it keeps hook configuration safe
 * from stale realm updates; webhook delivery of user and admin events is added here with the outbox.
 */
public class HooksEventListener implements EventListenerProvider {

    private final KeycloakSession session;

    HooksEventListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        // User events become webhook messages once the outbox lands; nothing to do before that.
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getResourceType() == ResourceType.REALM && event.getOperationType() == OperationType.UPDATE) {
            new RealmUpdateGuard(session).keepOmittedHooks(event.getRealmId());
        }
    }

    @Override
    public void close() {
    }
}
