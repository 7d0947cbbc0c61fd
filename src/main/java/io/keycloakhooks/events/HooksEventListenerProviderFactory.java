package io.keycloakhooks.events;

import java.util.List;

import io.keycloakhooks.admin.console.HookComponents;
import io.keycloakhooks.coverage.CoverageWarnings;
import io.keycloakhooks.store.HookStore;
import io.keycloakhooks.store.ImportedHooks;
import org.jboss.logging.Logger;
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

    private static final Logger LOG = Logger.getLogger(HooksEventListenerProviderFactory.class);

    public static final String PROVIDER_ID = "hooks";

    /** This node's coverage checks and the memory of its coverage warnings. */
    private final CoverageFollower coverage = new CoverageFollower(new CoverageWarnings());

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new HooksEventListener(session, coverage);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    /**
     * The admin console's page components follow every hook write; so does the coverage check; imported realms get
     * their hooks through the store (revision 1, credentials encrypted now that the realm's keys exist); a removed
     * realm's revisions go; at server start every realm's coverage is checked (and logged) and the pages are made to
     * match the attributes (a no-op without {@code declarative-ui}).
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(new HookComponents.Follower());
        factory.register(coverage);
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                ImportedHooks.store(created.getKeycloakSession(), created.getCreatedRealm());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                HookStore.forgetRealm(removed.getKeycloakSession(), removed.getRealm().getId());
                coverage.forget(removed.getRealm().getId());
            } else if (event instanceof PostMigrationEvent) {
                atStart(factory);
            }
        });
    }

    /** Each realm in a transaction of its own, so one that fails (logged) does not stop the others. */
    private void atStart(KeycloakSessionFactory factory) {
        List<String> realmIds = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> session.realms().getRealmsStream().map(RealmModel::getId).toList());
        for (String realmId : realmIds) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    RealmModel realm = session.realms().getRealm(realmId);
                    if (realm != null) {
                        coverage.check(session, realm);
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf(e, "realm %s: prehook coverage and admin console pages could not be checked at start", realmId);
            }
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
