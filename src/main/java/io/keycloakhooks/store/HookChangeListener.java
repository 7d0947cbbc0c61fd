package io.keycloakhooks.store;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Told once per write, in the writing transaction, that a realm's hooks changed (e.g. the admin console's page
 * components follow). Register with {@code KeycloakSessionFactory.register}; the store publishes {@link HooksChanged}.
 */
public interface HookChangeListener extends ProviderEventListener {

    void hooksChanged(KeycloakSession session, RealmModel realm);

    @Override
    default void onEvent(ProviderEvent event) {
        if (event instanceof HooksChanged changed) {
            hooksChanged(changed.session(), changed.realm());
        }
    }

    /** Published by {@link HookStore} after each change. */
    record HooksChanged(KeycloakSession session, RealmModel realm) implements ProviderEvent {
    }
}
