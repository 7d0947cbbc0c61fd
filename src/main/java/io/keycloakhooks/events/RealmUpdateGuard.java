package io.keycloakhooks.events;

import java.util.Map;
import java.util.stream.Collectors;

import io.keycloakhooks.config.HookRef;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * A realm update ({@code PUT /admin/realms/{realm}}) deletes every realm attribute missing from the map it
 * sends, and the admin console sends the map it loaded: saving a realm-settings page opened before a hook was
 * created would silently delete that hook. This guard runs in the same transaction, after the update, and puts
 * back every hook attribute that the update removed, reading the values as they were committed before the
 * update. Hook values the update does send are kept as sent; hooks are deleted through the hooks API.
 */
final class RealmUpdateGuard {

    private static final Logger LOG = Logger.getLogger(RealmUpdateGuard.class);

    private final KeycloakSession session;

    RealmUpdateGuard(KeycloakSession session) {
        this.session = session;
    }

    void keepOmittedHooks(String realmId) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        Map<String, String> before = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                committed -> hookAttributes(committed.realms().getRealm(realmId)));
        Map<String, String> now = realm.getAttributes();
        before.forEach((name, value) -> {
            if (!now.containsKey(name)) {
                realm.setAttribute(name, value);
                LOG.infof("realm %s: kept %s, which a realm update omitted (delete hooks through the hooks API)",
                        realm.getName(), name);
            }
        });
    }

    private static Map<String, String> hookAttributes(RealmModel realm) {
        if (realm == null) {
            return Map.of();
        }
        return realm.getAttributes().entrySet().stream()
                .filter(e -> HookRef.fromAttributeName(e.getKey()).isPresent())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
