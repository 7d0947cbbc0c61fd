package io.keycloakhooks.events;

import io.keycloakhooks.admin.console.HookComponents;
import io.keycloakhooks.store.HookStore;
import io.keycloakhooks.store.ImportedHooks;
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
     * The admin console's page components follow every hook write; imported realms get their hooks through the
     * store (revision 1, credentials encrypted now that the realm's keys exist); a removed realm's revisions go;
     * at server start the pages are made to match the attributes (a no-op without {@code declarative-ui}).
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(new HookComponents.Follower());
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                ImportedHooks.store(created.getKeycloakSession(), created.getCreatedRealm());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                HookStore.forgetRealm(removed.getKeycloakSession(), removed.getRealm().getId());
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
