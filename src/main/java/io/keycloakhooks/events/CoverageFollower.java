package io.keycloakhooks.events;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import io.keycloakhooks.admin.console.HookComponents;
import io.keycloakhooks.coverage.CoverageWarnings;
import io.keycloakhooks.coverage.CurrentCoverage;
import io.keycloakhooks.coverage.RealmCoverage;
import io.keycloakhooks.store.HookChangeListener;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Re-checks a realm's prehook coverage after the changes that can move it: hook writes, and admin events on the
 * realm, its clients (flow overrides, grants, mappers, default client scopes), client scopes, identity providers
 * and flows. The check logs a warning when the uncovered paths changed ({@link CoverageWarnings}, this node's
 * memory) and brings the Prehooks page's coverage field up to date.
 * <p>
 * It runs once per request and realm, after the request's transaction committed, in a transaction of its own: a
 * request making several changes (an apply binds one flow after another) is judged by where it ends, a rolled
 * back one not at all, and a failing check cannot break the request (it is logged). A realm without enabled
 * prehooks costs a lookup in the cached hook configuration, unless it was warned about (then the all-clear is due).
 */
final class CoverageFollower implements HookChangeListener {

    /** The admin events whose resources a path's coverage depends on. */
    static final Set<ResourceType> RESOURCES = EnumSet.of(ResourceType.REALM, ResourceType.CLIENT,
            ResourceType.CLIENT_SCOPE, ResourceType.CLIENT_SCOPE_CLIENT_MAPPING, ResourceType.PROTOCOL_MAPPER,
            ResourceType.IDENTITY_PROVIDER, ResourceType.AUTH_FLOW, ResourceType.AUTH_EXECUTION_FLOW,
            ResourceType.AUTH_EXECUTION, ResourceType.AUTHENTICATOR_CONFIG);

    private static final Logger LOG = Logger.getLogger(CoverageFollower.class);
    private static final String SCHEDULED = CoverageFollower.class.getName() + ".scheduled";

    private final CoverageWarnings warnings;

    CoverageFollower(CoverageWarnings warnings) {
        this.warnings = warnings;
    }

    /**
     * Hook writes: a prehook enabled, disabled, retargeted or deleted (the page components follow on their own,
     * {@code HookComponents.Follower}; this is for the warnings and for pages written before a later change).
     */
    @Override
    public void hooksChanged(KeycloakSession session, RealmModel realm) {
        try {
            if (due(realm.getId(), realm)) {
                schedule(session, realm.getId());
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "realm %s: the prehook coverage check after a hook write could not be scheduled", realm.getName());
        }
    }

    void adminEvent(KeycloakSession session, AdminEvent event) {
        if (event.getResourceType() == null || !RESOURCES.contains(event.getResourceType()) || event.getRealmId() == null) {
            return;
        }
        try {
            if (due(event.getRealmId(), session.realms().getRealm(event.getRealmId()))) {
                schedule(session, event.getRealmId());
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "realm %s: the prehook coverage check after an admin event could not be scheduled", event.getRealmId());
        }
    }

    /** A realm with enabled prehooks, or one this node warned about (the all-clear may be due, or it is gone). */
    private boolean due(String realmId, RealmModel realm) {
        return warnings.warnedAbout(realmId) || realm != null && CurrentCoverage.hasEnabledPrehooks(realm);
    }

    /** A removed realm. */
    void forget(String realmId) {
        warnings.forget(realmId);
    }

    /** Checks the realm and brings its Prehooks page up to date, in this session (server start). */
    void check(KeycloakSession session, RealmModel realm) {
        RealmCoverage coverage = CurrentCoverage.of(session, realm);
        warnings.checked(realm.getId(), realm.getName(), coverage.uncoveredNames());
        HookComponents.sync(session, realm, () -> coverage);
    }

    /** At most one check per realm and session, after the session's transaction committed. */
    private void schedule(KeycloakSession session, String realmId) {
        @SuppressWarnings("unchecked")
        Set<String> scheduled = (Set<String>) session.getAttribute(SCHEDULED);
        if (scheduled == null) {
            scheduled = new HashSet<>();
            session.setAttribute(SCHEDULED, scheduled);
        }
        if (!scheduled.add(realmId)) {
            return;
        }
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                done(session, realmId);
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, job -> {
                        RealmModel realm = job.realms().getRealm(realmId);
                        if (realm == null) {
                            warnings.forget(realmId);
                        } else {
                            check(job, realm);
                        }
                    });
                } catch (RuntimeException e) {
                    LOG.warnf(e, "realm %s: the prehook coverage could not be checked after a change", realmId);
                }
            }

            @Override
            protected void rollbackImpl() {
                done(session, realmId);
            }
        });
    }

    private static void done(KeycloakSession session, String realmId) {
        if (session.getAttribute(SCHEDULED) instanceof Set<?> scheduled) {
            scheduled.remove(realmId);
        }
    }
}
