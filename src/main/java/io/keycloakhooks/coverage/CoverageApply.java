package io.keycloakhooks.coverage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.keycloakhooks.config.Trigger;
import jakarta.persistence.LockModeType;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.cache.CacheRealmProvider;
import org.keycloak.models.jpa.entities.RealmEntity;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * {@code POST /hooks/coverage/apply} (docs/prehooks.md#apply): for each uncovered path of the sign-up, sign-in and
 * password-reset triggers, copies the flow in use to {@code "<alias> with hooks"} (or reuses that flow when it covers
 * the path), places the step ({@link Placement}) and binds the copy where the original was bound. {@code jwt} is
 * never changed. Without {@code dryRun} the run is a transaction of its own that holds a lock on the realm's row, so
 * two nodes applying at once run one after the other and the second finds the first one's copies.
 */
public final class CoverageApply {

    public static final String WITH_HOOKS = " with hooks";
    /** The flow created for identity providers without a post-login flow. */
    public static final String POST_LOGIN = "post login with hooks";

    public enum Action { COPY, BIND, CREATE, SKIP }

    /** One path apply changed (or, in a dry run, would change), or skipped with a reason. */
    public record Change(PathCoverage path, String to, Action action, String reason) {
    }

    public record Outcome(List<Change> changes, RealmCoverage coverage) {
    }

    /** What apply wrote, for admin events. */
    public interface Writes {
        void flowCreated(AuthenticationFlowModel flow, Change change);

        void bound(Change change, String resourcePath);
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final boolean dryRun;
    private final Writes writes;
    /** A flow this run makes (or, in a dry run, plans): as it is after placing the step; null placement for a new flow. */
    private record Made(FlowNode flow, Placement placement) {
    }

    /** The flows made in this run, by alias. */
    private final Map<String, Made> made = new HashMap<>();
    private RealmFlows flows;

    private CoverageApply(KeycloakSession session, RealmModel realm, boolean dryRun, Writes writes) {
        this.session = session;
        this.realm = realm;
        this.dryRun = dryRun;
        this.writes = writes;
    }

    public static Outcome run(KeycloakSession session, RealmModel realm, boolean dryRun, Writes writes) {
        if (dryRun) {
            return new CoverageApply(session, realm, true, writes).run();
        }
        String realmId = realm.getId();
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), job -> {
            RealmModel locked = lockedFresh(job, realmId);
            job.getContext().setRealm(locked); // identity providers are looked up in the context's realm
            return new CoverageApply(job, locked, false, writes).run();
        });
    }

    /**
     * In a transaction of its own whose first read locks the realm's row until it commits: another node's apply
     * waits here, and then reads everything from the database (the realm is invalidated in this session, so its
     * reads bypass this node's cache, which may not have heard of the other node's copies yet).
     */
    private static RealmModel lockedFresh(KeycloakSession job, String realmId) {
        job.getProvider(JpaConnectionProvider.class).getEntityManager()
                .find(RealmEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
        CacheRealmProvider cache = job.getProvider(CacheRealmProvider.class);
        RealmModel realm = job.realms().getRealm(realmId);
        if (cache != null) {
            cache.registerRealmInvalidation(realmId, realm.getName());
            realm = job.realms().getRealm(realmId);
        }
        return realm;
    }

    private Outcome run() {
        RealmFlowsReader.Snapshot before = RealmFlowsReader.snapshot(session, realm);
        flows = before.flows();
        List<Change> changes = new ArrayList<>();
        for (TriggerCoverage trigger : before.coverage().triggers()) {
            if (trigger.trigger() == Trigger.JWT) {
                continue;
            }
            for (PathCoverage path : trigger.uncovered()) {
                Change change = plan(path);
                if (!dryRun && change.action() != Action.SKIP) {
                    write(change);
                }
                changes.add(change);
            }
        }
        RealmCoverage after = dryRun || changes.isEmpty() ? before.coverage() : RealmFlowsReader.coverage(session, realm);
        return new Outcome(changes, after);
    }

    private Change plan(PathCoverage path) {
        CoverageAnalyser.Step step = CoverageAnalyser.step(path.path());
        String target = path.flow() == null && path.path() == PathKind.POST_BROKER_LOGIN ? POST_LOGIN
                : path.flow() == null ? null : path.flow() + WITH_HOOKS;
        if (target == null) {
            return new Change(path, null, Action.SKIP, "No flow is bound for this path; bind one, then apply again.");
        }
        FlowNode existing = made.containsKey(target) ? made.get(target).flow() : flows.flows().get(target);
        if (existing != null) {
            Optional<String> gap = StepAnalysis.gap(existing, step.id(), step.label());
            return gap.isEmpty() ? new Change(path, target, Action.BIND, null)
                    : new Change(path, target, Action.SKIP, "A flow '" + target + "' exists but does not cover this path ("
                            + gap.get() + " Apply does not change flows it finds: fix, rename or delete '" + target
                            + "', then apply again.");
        }
        if (path.flow() == null) {
            made.put(target, new Made(new FlowNode(target, null, "basic-flow", FlowNode.Requirement.REQUIRED,
                    List.of(FlowNode.step(step.label(), step.id(), FlowNode.Requirement.REQUIRED))), null));
            return new Change(path, target, Action.CREATE, null);
        }
        FlowNode original = flows.flows().get(path.flow());
        Placement.Choice choice = Placement.of(original, path.path());
        if (choice.placement() == null) {
            return new Change(path, target, Action.SKIP, capitalized(choice.reason()));
        }
        FlowNode placed = choice.placement().applied(original, step.id(), step.label(), target);
        Optional<String> gap = StepAnalysis.gap(placed, step.id(), step.label());
        if (gap.isPresent()) {
            return new Change(path, target, Action.SKIP, "Placing the step in a copy of '" + path.flow()
                    + "' would still not cover this path: " + gap.get() + " Place it yourself.");
        }
        made.put(target, new Made(placed, choice.placement()));
        return new Change(path, target, Action.COPY, null);
    }

    private void write(Change change) {
        AuthenticationFlowModel flow = realm.getFlowByAlias(change.to());
        CoverageAnalyser.Step step = CoverageAnalyser.step(change.path().path());
        if (change.action() == Action.CREATE && flow == null) {
            flow = FlowCopier.newTopLevelFlow(realm, change.to(), "Runs the hooks' pre-sign-in step after a login"
                    + " through an identity provider (made by the hooks' coverage apply).");
            FlowCopier.addStep(realm, flow, step.id(), 10);
            writes.flowCreated(flow, change);
        } else if (change.action() == Action.COPY && flow == null) {
            AuthenticationFlowModel original = realm.getFlowByAlias(change.path().flow());
            flow = new FlowCopier(realm).copyWithStep(original, change.to(), made.get(change.to()).placement(), step.id());
            writes.flowCreated(flow, change);
        }
        bind(change, flow);
    }

    private void bind(Change change, AuthenticationFlowModel flow) {
        PathCoverage path = change.path();
        switch (path.binding()) {
            case REALM -> {
                switch (path.path()) {
                    case BROWSER -> realm.setBrowserFlow(flow);
                    case DIRECT_GRANT -> realm.setDirectGrantFlow(flow);
                    case REGISTRATION -> realm.setRegistrationFlow(flow);
                    case RESET_CREDENTIALS -> realm.setResetCredentialsFlow(flow);
                    default -> throw new IllegalStateException("no realm binding for " + path.path());
                }
                writes.bound(change, "");
            }
            case CLIENT -> {
                ClientModel client = realm.getClientByClientId(path.owner());
                client.setAuthenticationFlowBindingOverride(path.path().clientOverride(), flow.getId());
                writes.bound(change, "clients/" + client.getId());
            }
            case IDENTITY_PROVIDER -> {
                IdentityProviderModel idp = session.identityProviders().getByAlias(path.owner());
                if (path.path() == PathKind.FIRST_BROKER_LOGIN) {
                    idp.setFirstBrokerLoginFlowId(flow.getId());
                } else {
                    idp.setPostBrokerLoginFlowId(flow.getId());
                }
                session.identityProviders().update(idp);
                writes.bound(change, "identity-provider/instances/" + idp.getAlias());
            }
        }
    }

    private static String capitalized(String reason) {
        return Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
    }
}
