package io.keycloakhooks.events;

import java.util.List;

import io.keycloakhooks.config.RealmHooks;
import io.keycloakhooks.config.WebhookConfig;
import io.keycloakhooks.delivery.AfterCommitDelivery;
import io.keycloakhooks.runtime.HooksRuntime;
import io.keycloakhooks.store.RealmUpdateRepair;
import io.keycloakhooks.webhook.WebhookEvents;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Runs inside the transaction of the request that caused the event (error events: Keycloak's own short
 * transaction). Writes webhook messages to the outbox there, so they commit or roll back with the change, and
 * keeps hook configuration safe from stale realm updates; admin events that can change prehook coverage get it
 * re-checked after the commit ({@link CoverageFollower}). A realm without enabled webhooks costs a map lookup.
 */
public class HooksEventListener implements EventListenerProvider {

    private final KeycloakSession session;
    private final CoverageFollower coverage;
    private AfterCommitDelivery afterCommit;

    HooksEventListener(KeycloakSession session, CoverageFollower coverage) {
        this.session = session;
        this.coverage = coverage;
    }

    @Override
    public void onEvent(Event event) {
        WebhookEvents webhooks = webhookEvents(event.getRealmId());
        if (webhooks != null) {
            webhooks.write(event);
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        StoredAdminEvents.redact(session, event);
        if (event.getResourceType() == ResourceType.REALM && event.getOperationType() == OperationType.UPDATE) {
            String adminId = event.getAuthDetails() == null ? null : event.getAuthDetails().getUserId();
            RealmUpdateRepair.afterRealmUpdate(session, event.getRealmId(), adminId);
        }
        WebhookEvents webhooks = webhookEvents(event.getRealmId());
        if (webhooks != null) {
            webhooks.write(event, includeRepresentation);
        }
        coverage.adminEvent(session, event);
    }

    /** The realm's enabled webhooks ready to take an event, or null when it has none. */
    private WebhookEvents webhookEvents(String realmId) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return null;
        }
        List<WebhookConfig> enabled = RealmHooks.from(realm.getName(), realm.getAttributes()).webhooks().stream()
                .filter(WebhookConfig::enabled)
                .toList();
        return enabled.isEmpty() ? null : new WebhookEvents(session, realm, enabled, this::afterCommit);
    }

    /** Enlisted with the first message this session writes: delivery starts when the transaction commits. */
    private AfterCommitDelivery afterCommit() {
        if (afterCommit == null) {
            afterCommit = AfterCommitDelivery.enlist(session, session.getProvider(HooksRuntime.class).dispatchers());
        }
        return afterCommit;
    }

    @Override
    public void close() {
    }
}
