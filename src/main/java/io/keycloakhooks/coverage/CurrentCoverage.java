package io.keycloakhooks.coverage;

import java.util.List;

import io.keycloakhooks.config.RealmHooks;
import io.keycloakhooks.config.Trigger;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * A realm's coverage for the checks that follow changes (log warnings, the Prehooks page): nothing is read beyond
 * the realm's cached hook attributes when it has no enabled prehook, and it works in sessions whose context is
 * another realm or none (server start, realm import, jobs after a commit).
 */
public final class CurrentCoverage {

    private static final RealmCoverage NONE = new RealmCoverage(List.of());

    private CurrentCoverage() {
    }

    /** Whether the realm has an enabled prehook of any trigger (a lookup in the parsed-config cache). */
    public static boolean hasEnabledPrehooks(RealmModel realm) {
        RealmHooks hooks = RealmHooks.from(realm.getName(), realm.getAttributes());
        for (Trigger trigger : Trigger.values()) {
            if (!hooks.enabledPrehooks(trigger).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The realm's coverage as it is in this session; no triggers when it has no enabled prehook. */
    public static RealmCoverage of(KeycloakSession session, RealmModel realm) {
        if (!hasEnabledPrehooks(realm)) {
            return NONE;
        }
        KeycloakContext context = session.getContext();
        RealmModel before = context.getRealm();
        boolean switched = before == null || !realm.getId().equals(before.getId());
        if (switched) {
            context.setRealm(realm); // identity providers are looked up in the context's realm
        }
        try {
            return RealmFlowsReader.coverage(session, realm);
        } finally {
            if (switched) {
                context.setRealm(before);
            }
        }
    }
}
