package io.keycloakhooks.coverage;

import java.util.List;

/**
 * One execution of an authentication flow as the coverage analysis sees it: a step (an authenticator or form
 * action) or a sub-flow with its executions in priority order. A top-level flow is a required sub-flow of nothing.
 * Condition evaluators ("Condition - user configured", …) are left out: they only decide whether their
 * conditional sub-flow runs, which its {@link Requirement#CONDITIONAL} already says.
 *
 * @param name what the admin console shows: the sub-flow's alias or the step's display name
 * @param authenticator the provider id of the step (for a form, the form authenticator); null for a plain sub-flow
 * @param flowType for a sub-flow Keycloak's flow provider id ({@code basic-flow}, {@code form-flow}, …), else null
 */
public record FlowNode(String name, String authenticator, String flowType, Requirement requirement,
        List<FlowNode> children) {

    public static final String FORM_FLOW = "form-flow";

    public enum Requirement { REQUIRED, ALTERNATIVE, CONDITIONAL, DISABLED }

    public FlowNode {
        children = List.copyOf(children);
    }

    public static FlowNode step(String name, String authenticator, Requirement requirement) {
        return new FlowNode(name, authenticator, null, requirement, List.of());
    }

    public static FlowNode flow(String alias, Requirement requirement, List<FlowNode> children) {
        return new FlowNode(alias, null, "basic-flow", requirement, children);
    }

    public boolean isFlow() {
        return flowType != null;
    }

    public boolean isForm() {
        return FORM_FLOW.equals(flowType);
    }

    boolean enabled() {
        return requirement != Requirement.DISABLED;
    }

    /** Whether the step appears anywhere below (or is) this node, whatever the requirements. */
    boolean contains(String stepId) {
        return !isFlow() && stepId.equals(authenticator) || children.stream().anyMatch(c -> c.contains(stepId));
    }
}
