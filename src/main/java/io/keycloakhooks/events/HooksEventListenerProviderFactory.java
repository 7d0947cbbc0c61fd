package io.keycloakhooks.events;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** The global event listener {@code hooks}: runs for every realm, whatever the realm's listener list says. */
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

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
