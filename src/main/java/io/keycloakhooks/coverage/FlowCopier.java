package io.keycloakhooks.coverage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

/**
 * Copies a flow with every execution, requirement and authenticator configuration, names sub-flows as Keycloak's own
 * copy does ({@code "<copy> <sub-flow>"}), remaps configurations that name a sub-flow by alias, and places a step
 * as a {@link Placement} says. Steps of the same provider already in the flow are disabled in the copy.
 */
final class FlowCopier {

    private static final String BASIC_FLOW = "basic-flow";

    private final RealmModel realm;
    /** Original sub-flow alias → the copy's. */
    private final Map<String, String> aliases = new HashMap<>();
    private final List<AuthenticatorConfigModel> copiedConfigs = new ArrayList<>();

    FlowCopier(RealmModel realm) {
        this.realm = realm;
    }

    AuthenticationFlowModel copyWithStep(AuthenticationFlowModel original, String alias, Placement placement, String stepId) {
        AuthenticationFlowModel copy = newFlow(realm, alias, original.getDescription(), original.getProviderId(), true);
        aliases.put(original.getAlias(), alias);
        switch (placement.kind()) {
            case WRAP_AND_APPEND -> {
                AuthenticationFlowModel wrapper = newFlow(realm, uniqueFlowAlias(Placement.wrapperAlias(alias)),
                        "The sign-in alternatives of '" + original.getAlias() + "', required so that the hooks' step after"
                                + " them runs on every way in.", BASIC_FLOW, false);
                copyExecutions(original, wrapper, alias, stepId);
                addExecution(copy, null, wrapper.getId(), Requirement.REQUIRED, 10);
                addStep(realm, copy, stepId, 20);
            }
            case APPEND -> {
                copyExecutions(original, copy, alias, stepId);
                addStep(realm, copy, stepId, lastPriority(copy) + 10);
            }
            case AFTER, BEFORE -> {
                copyExecutions(original, copy, alias, stepId);
                insertBeside(copy, placement, stepId);
            }
            case IN_FORM -> {
                copyExecutions(original, copy, alias, stepId);
                AuthenticationFlowModel form = realm.getAuthenticationExecutionsStream(copy.getId())
                        .filter(e -> e.isAuthenticatorFlow() && e.getRequirement() != Requirement.DISABLED)
                        .map(e -> realm.getAuthenticationFlowById(e.getFlowId()))
                        .filter(f -> f != null && FlowNode.FORM_FLOW.equals(f.getProviderId()))
                        .findFirst().orElseThrow();
                addStep(realm, form, stepId, lastPriority(form) + 10);
            }
        }
        remapConfigs();
        return copy;
    }

    static AuthenticationFlowModel newTopLevelFlow(RealmModel realm, String alias, String description) {
        return newFlow(realm, alias, description, BASIC_FLOW, true);
    }

    static void addStep(RealmModel realm, AuthenticationFlowModel flow, String stepId, int priority) {
        AuthenticationExecutionModel step = new AuthenticationExecutionModel();
        step.setParentFlow(flow.getId());
        step.setAuthenticator(stepId);
        step.setAuthenticatorFlow(false);
        step.setRequirement(Requirement.REQUIRED);
        step.setPriority(priority);
        realm.addAuthenticatorExecution(step);
    }

    private static AuthenticationFlowModel newFlow(RealmModel realm, String alias, String description, String providerId,
            boolean topLevel) {
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setAlias(alias);
        flow.setDescription(description);
        flow.setProviderId(providerId);
        flow.setTopLevel(topLevel);
        flow.setBuiltIn(false);
        return realm.addAuthenticationFlow(flow);
    }

    private void copyExecutions(AuthenticationFlowModel from, AuthenticationFlowModel to, String copyAlias, String stepId) {
        for (AuthenticationExecutionModel execution : realm.getAuthenticationExecutionsStream(from.getId()).toList()) {
            String flowId = null;
            if (execution.isAuthenticatorFlow()) {
                AuthenticationFlowModel subFlow = realm.getAuthenticationFlowById(execution.getFlowId());
                if (subFlow == null) {
                    continue;
                }
                AuthenticationFlowModel subCopy = newFlow(realm, uniqueFlowAlias(copyAlias + " " + subFlow.getAlias()),
                        subFlow.getDescription(), subFlow.getProviderId(), false);
                aliases.put(subFlow.getAlias(), subCopy.getAlias());
                copyExecutions(subFlow, subCopy, copyAlias, stepId);
                flowId = subCopy.getId();
            }
            AuthenticationExecutionModel copy = addExecution(to, execution.getAuthenticator(), flowId,
                    stepId.equals(execution.getAuthenticator()) ? Requirement.DISABLED : execution.getRequirement(),
                    execution.getPriority());
            if (execution.getAuthenticatorConfig() != null) {
                AuthenticatorConfigModel config = realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
                if (config != null) {
                    copy.setAuthenticatorConfig(copyConfig(config, copyAlias).getId());
                    realm.updateAuthenticatorExecution(copy);
                }
            }
        }
    }

    private AuthenticationExecutionModel addExecution(AuthenticationFlowModel parent, String authenticator, String flowId,
            Requirement requirement, int priority) {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setParentFlow(parent.getId());
        execution.setAuthenticator(authenticator);
        execution.setAuthenticatorFlow(flowId != null);
        execution.setFlowId(flowId);
        execution.setRequirement(requirement);
        execution.setPriority(priority);
        return realm.addAuthenticatorExecution(execution);
    }

    private AuthenticatorConfigModel copyConfig(AuthenticatorConfigModel config, String copyAlias) {
        AuthenticatorConfigModel copy = new AuthenticatorConfigModel();
        copy.setAlias(uniqueConfigAlias(copyAlias + " " + (config.getAlias() == null ? "config" : config.getAlias())));
        copy.setConfig(config.getConfig() == null ? new HashMap<>() : new HashMap<>(config.getConfig()));
        AuthenticatorConfigModel added = realm.addAuthenticatorConfig(copy);
        copiedConfigs.add(added);
        return added;
    }

    /** "Condition - sub-flow executed" names the sub-flow it checks by alias, and the copy renamed it. */
    private void remapConfigs() {
        for (AuthenticatorConfigModel config : copiedConfigs) {
            String checked = config.getConfig().get(KnownSteps.FLOW_TO_CHECK);
            if (checked != null && aliases.containsKey(checked)) {
                // a new map: the stored model may share its map with the entity, which the update clears first
                Map<String, String> values = new HashMap<>(config.getConfig());
                values.put(KnownSteps.FLOW_TO_CHECK, aliases.get(checked));
                AuthenticatorConfigModel remapped = realm.getAuthenticatorConfigById(config.getId());
                remapped.setConfig(values);
                realm.updateAuthenticatorConfig(remapped);
            }
        }
    }

    /** Renumbers the copy's top level 10, 20, … with the step placed before or after the anchor execution. */
    private void insertBeside(AuthenticationFlowModel copy, Placement placement, String stepId) {
        List<AuthenticationExecutionModel> executions = realm.getAuthenticationExecutionsStream(copy.getId())
                .sorted(Comparator.comparingInt(AuthenticationExecutionModel::getPriority)).toList();
        int priority = 0;
        boolean placed = false;
        for (AuthenticationExecutionModel execution : executions) {
            boolean anchor = !placed && execution.getRequirement() != Requirement.DISABLED
                    && holds(execution, placement.anchor());
            if (anchor && placement.kind() == Placement.Kind.BEFORE) {
                addStep(realm, copy, stepId, priority += 10);
                placed = true;
            }
            execution.setPriority(priority += 10);
            realm.updateAuthenticatorExecution(execution);
            if (anchor && placement.kind() == Placement.Kind.AFTER) {
                addStep(realm, copy, stepId, priority += 10);
                placed = true;
            }
        }
    }

    private boolean holds(AuthenticationExecutionModel execution, String authenticator) {
        if (!execution.isAuthenticatorFlow()) {
            return authenticator.equals(execution.getAuthenticator());
        }
        return realm.getAuthenticationExecutionsStream(execution.getFlowId()).anyMatch(e -> holds(e, authenticator));
    }

    private int lastPriority(AuthenticationFlowModel flow) {
        return realm.getAuthenticationExecutionsStream(flow.getId()).mapToInt(AuthenticationExecutionModel::getPriority)
                .max().orElse(0);
    }

    private String uniqueFlowAlias(String alias) {
        String candidate = alias;
        for (int n = 2; realm.getFlowByAlias(candidate) != null; n++) {
            candidate = alias + " " + n;
        }
        return candidate;
    }

    private String uniqueConfigAlias(String alias) {
        String candidate = alias;
        for (int n = 2; realm.getAuthenticatorConfigByAlias(candidate) != null; n++) {
            candidate = alias + " " + n;
        }
        return candidate;
    }
}
