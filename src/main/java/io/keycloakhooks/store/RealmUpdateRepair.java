package io.keycloakhooks.store;

import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.keycloakhooks.config.HookRef;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * A realm update ({@code PUT /admin/realms/{realm}}, also behind the console's realm-settings save) replaces the
 * realm attributes with the map it sends, which is often the map a page loaded long ago. Keycloak's listeners
 * cannot veto it, so this runs after the update, in the same transaction, and repairs every hook attribute:
 * <ul>
 * <li>a stored hook the update omits is kept;</li>
 * <li>a value carrying a revision other than the stored one, or any revision for a deleted hook, is a stale page:
 * the stored state is kept (logged at WARN with both revisions);</li>
 * <li>a value without revision (config as code) or on the current revision is written through the store as a
 * new revision, unless it is the same hook as stored.</li>
 * </ul>
 */
public final class RealmUpdateRepair {

    private static final Logger LOG = Logger.getLogger(RealmUpdateRepair.class);

    private RealmUpdateRepair() {
    }

    public static void afterRealmUpdate(KeycloakSession session, String realmId, String adminUserId) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        Map<String, String> committed = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                before -> hookAttributes(before.realms().getRealm(realmId)));
        Map<String, String> now = hookAttributes(realm);
        HookStore store = HookStore.of(session, realm);
        HookStore.Writer writer = new HookStore.Writer(WriteSource.REALM_UPDATE, adminUserId);
        TreeSet<String> names = new TreeSet<>(committed.keySet());
        names.addAll(now.keySet());
        for (String name : names) {
            HookRef ref = HookRef.fromAttributeName(name).orElseThrow();
            repair(realm, store, ref, store.state(ref, committed.get(name)), now.get(name), writer);
        }
    }

    private static void repair(RealmModel realm, HookStore store, HookRef ref, HookStore.State stored, String sent,
            HookStore.Writer writer) {
        if (Objects.equals(sent, stored.value())) {
            return;
        }
        Long sentRevision = sent == null ? null : HookValues.revision(sent);
        if (sent == null) {
            if (stored.value() != null) {
                store.restoreAttribute(ref, stored);
                LOG.warnf("realm %s: kept %s at revision %d, which a realm update omitted (delete hooks through the hooks"
                        + " API)", realm.getName(), ref.attributeName(), stored.revision());
            }
        } else if (stored.deleted() && sentRevision != null) {
            store.restoreAttribute(ref, stored);
            LOG.warnf("realm %s: kept %s deleted (revision %d); a realm update sent it back at revision %d",
                    realm.getName(), ref.attributeName(), stored.revision(), sentRevision);
        } else if (stored.value() != null && sentRevision != null && sentRevision != stored.revision()) {
            store.restoreAttribute(ref, stored);
            LOG.warnf("realm %s: kept %s at revision %d; a realm update sent revision %d (a page loaded before the"
                    + " last change)", realm.getName(), ref.attributeName(), stored.revision(), sentRevision);
        } else {
            store.put(ref, sent, stored, writer);
        }
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
