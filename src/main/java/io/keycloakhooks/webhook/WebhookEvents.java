package io.keycloakhooks.webhook;

import java.util.List;
import java.util.function.Supplier;

import io.keycloakhooks.config.WebhookConfig;
import io.keycloakhooks.delivery.AfterCommitDelivery;
import org.keycloak.events.Event;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** A Keycloak event for a realm's enabled webhooks: its catalogue types, its envelope data, its outbox rows. */
public final class WebhookEvents {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OutboxWriter writer;

    public WebhookEvents(KeycloakSession session, RealmModel realm, List<WebhookConfig> enabledWebhooks,
            Supplier<AfterCommitDelivery> afterCommit) {
        this.session = session;
        this.realm = realm;
        this.writer = new OutboxWriter(session, realm, enabledWebhooks, afterCommit);
    }

    /** @return how many messages were written */
    public int write(Event event) {
        List<String> types = EventTypes.ofUserEvent(event.getType(), event.getDetails(),
                new SessionFacts(session, realm, event, writer::wants));
        // EventBuilder.error sends every error event in a transaction of its own, success() in the request's
        return writer.write(types, event.getTime(), () -> new Envelopes(session, realm).userEventData(event),
                String.valueOf(event.getType()), event.getError() != null);
    }

    public int write(AdminEvent event, boolean includeRepresentation) {
        List<String> types = EventTypes.ofAdminEvent(event.getResourceType(), event.getOperationType(),
                event.getResourcePath());
        return writer.write(types, event.getTime(),
                () -> new Envelopes(session, realm).adminEventData(event, includeRepresentation),
                "admin " + event.getOperationType() + " " + event.getResourceType(), false);
    }
}
