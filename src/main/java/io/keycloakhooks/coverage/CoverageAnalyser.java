package io.keycloakhooks.coverage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.flow.PrePasswordResetAuthenticatorFactory;
import io.keycloakhooks.flow.PreSignInAuthenticatorFactory;
import io.keycloakhooks.flow.PreSignUpBrokerAuthenticatorFactory;
import io.keycloakhooks.flow.PreSignUpFormActionFactory;

/**
 * The paths of each trigger that has enabled prehooks, and whether the trigger's step runs on each
 * (docs/prehooks.md#coverage): the realm's bindings, the clients that override them, the identity providers' flows.
 */
public final class CoverageAnalyser {

    private CoverageAnalyser() {
    }

    /** The step a path needs, and how reasons name it. */
    record Step(String id, String label) {
    }

    static Step step(PathKind path) {
        return switch (path) {
            case BROWSER, DIRECT_GRANT, POST_BROKER_LOGIN -> new Step(PreSignInAuthenticatorFactory.PROVIDER_ID,
                    PreSignInAuthenticatorFactory.DISPLAY_TYPE);
            case REGISTRATION -> new Step(PreSignUpFormActionFactory.PROVIDER_ID, PreSignUpFormActionFactory.DISPLAY_TYPE);
            case FIRST_BROKER_LOGIN -> new Step(PreSignUpBrokerAuthenticatorFactory.PROVIDER_ID,
                    PreSignUpBrokerAuthenticatorFactory.DISPLAY_TYPE);
            case RESET_CREDENTIALS -> new Step(PrePasswordResetAuthenticatorFactory.PROVIDER_ID,
                    PrePasswordResetAuthenticatorFactory.DISPLAY_TYPE);
            case TOKEN -> throw new IllegalArgumentException("token paths have no flow step");
        };
    }

    /** @param enabledPrehooks ids of the enabled prehooks by trigger; triggers without any are left out */
    public static RealmCoverage analyse(RealmFlows realm, Map<Trigger, List<String>> enabledPrehooks) {
        List<TriggerCoverage> triggers = new ArrayList<>();
        for (Trigger trigger : Trigger.values()) {
            List<String> prehooks = enabledPrehooks.getOrDefault(trigger, List.of());
            if (!prehooks.isEmpty()) {
                triggers.add(new TriggerCoverage(trigger, prehooks, paths(realm, trigger)));
            }
        }
        return new RealmCoverage(triggers);
    }

    static List<PathCoverage> paths(RealmFlows realm, Trigger trigger) {
        List<PathCoverage> paths = new ArrayList<>();
        switch (trigger) {
            case PRE_SIGN_IN -> {
                paths.add(realmPath(realm, PathKind.BROWSER));
                paths.add(realmPath(realm, PathKind.DIRECT_GRANT));
                for (PathKind kind : List.of(PathKind.BROWSER, PathKind.DIRECT_GRANT)) {
                    for (RealmFlows.Client client : realm.clients()) {
                        String alias = client.overrides().get(kind);
                        if (alias != null && client.paths().contains(kind)) {
                            paths.add(flowPath(realm, kind, Binding.CLIENT, client.clientId(), alias));
                        }
                    }
                }
                for (RealmFlows.IdentityProvider idp : realm.identityProviders()) {
                    String alias = idp.postBrokerLoginFlow();
                    paths.add(alias == null
                            ? new PathCoverage(PathKind.POST_BROKER_LOGIN, Binding.IDENTITY_PROVIDER, idp.alias(), null,
                                    "identity provider '" + idp.alias() + "' has no post-login flow, so sign-ins through it"
                                            + " run no Hooks: pre-sign-in step.")
                            : flowPath(realm, PathKind.POST_BROKER_LOGIN, Binding.IDENTITY_PROVIDER, idp.alias(), alias));
                }
            }
            case PRE_SIGN_UP -> {
                if (realm.registrationAllowed()) {
                    paths.add(realmPath(realm, PathKind.REGISTRATION));
                }
                for (RealmFlows.IdentityProvider idp : realm.identityProviders()) {
                    String alias = idp.firstBrokerLoginFlow() != null ? idp.firstBrokerLoginFlow()
                            : realm.bindings().get(PathKind.FIRST_BROKER_LOGIN);
                    paths.add(flowPath(realm, PathKind.FIRST_BROKER_LOGIN, Binding.IDENTITY_PROVIDER, idp.alias(), alias));
                }
            }
            case PRE_PASSWORD_RESET -> paths.add(realmPath(realm, PathKind.RESET_CREDENTIALS));
            case JWT -> {
                for (RealmFlows.Client client : realm.clients()) {
                    if (client.tokens()) {
                        paths.add(new PathCoverage(PathKind.TOKEN, Binding.CLIENT, client.clientId(), null, client.jwtGap()));
                    }
                }
            }
        }
        return paths;
    }

    private static PathCoverage realmPath(RealmFlows realm, PathKind kind) {
        return flowPath(realm, kind, Binding.REALM, null, realm.bindings().get(kind));
    }

    private static PathCoverage flowPath(RealmFlows realm, PathKind kind, Binding binding, String owner, String alias) {
        FlowNode flow = alias == null ? null : realm.flows().get(alias);
        Step step = step(kind);
        Optional<String> gap = flow == null
                ? Optional.of("no flow is bound" + (alias == null ? "" : " (flow '" + alias + "' does not exist)") + ".")
                : StepAnalysis.gap(flow, step.id(), step.label());
        return new PathCoverage(kind, binding, owner, alias, gap.map(CoverageAnalyser::sentence).orElse(null));
    }

    private static String sentence(String reason) {
        return Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
    }
}
