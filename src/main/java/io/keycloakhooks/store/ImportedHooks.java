package io.keycloakhooks.store;

import java.util.Map;
import java.util.TreeMap;

import io.keycloakhooks.config.HookRef;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * A realm just created from a representation (realm import, {@code POST /admin/realms}) brings its hook attributes
 * as written: each is stored through the store as revision 1, so plaintext secrets are encrypted with the new
 * realm's key and the history starts. Runs once, in the creating transaction, on the node that creates the realm.
 */
public final class ImportedHooks {

    private ImportedHooks() {
    }

    public static void store(KeycloakSession session, RealmModel realm) {
        Map<String, String> hooks = new TreeMap<>();
        realm.getAttributes().forEach((name, value) -> {
            if (HookRef.fromAttributeName(name).isPresent()) {
                hooks.put(name, value);
            }
        });
        if (hooks.isEmpty()) {
            return;
        }
        HookStore store = HookStore.of(session, realm);
        hooks.forEach((name, value) -> store.put(HookRef.fromAttributeName(name).orElseThrow(), value,
                HookStore.State.NONE, new HookStore.Writer(WriteSource.IMPORT, null)));
    }
}
