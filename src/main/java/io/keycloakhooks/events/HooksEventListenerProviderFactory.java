package io.keycloakhooks.events;

import io.keycloakhooks.admin.console.HookComponents;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * The global event listener {@code hooks}: runs for every realm, whatever the realm's listener list says. Also
 * keeps the admin console's hook pages in step after realm imports and at server start.
 */
public class HooksEventListenerProviderFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "hooks";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new HooksEventListener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    /**
     * Realm imports and server starts bring hook attributes that the admin console's pages have not seen: copy them
     * to the pages' components (a no-op without the {@code declarative-ui} feature).
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                HookComponents.sync(created.getKeycloakSession(), created.getCreatedRealm());
            } else if (event instanceof PostMigrationEvent && HookComponents.pagesEnabled()) {
                KeycloakModelUtils.runJobInTransaction(factory,
                        session -> session.realms().getRealmsStream().forEach(realm -> HookComponents.sync(session, realm)));
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
