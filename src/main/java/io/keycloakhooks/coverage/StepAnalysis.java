package io.keycloakhooks.coverage;

import java.util.List;
import java.util.Optional;

import io.keycloakhooks.coverage.FlowNode.Requirement;

/**
 * Whether a step runs on every successful way through a flow, by the rules Keycloak's flow execution follows:
 * <ul>
 * <li>disabled executions never run;</li>
 * <li>at a level with a required or conditional execution, Keycloak ignores the level's alternatives, and every
 * required execution runs;</li>
 * <li>a conditional sub-flow runs only when its conditions hold, so nothing in it is certain;</li>
 * <li>at a level of alternatives only, the first alternative that succeeds completes the level (the SSO cookie
 * completes the browser flow's top level that way), so a step is certain only if every alternative runs it;</li>
 * <li>a form ({@code form-flow}) runs all of its enabled actions.</li>
 * </ul>
 * Authenticators the analysis does not know are neutral: they neither run the step nor stop the flow.
 */
public final class StepAnalysis {

    private StepAnalysis() {
    }

    /**
     * Empty when every successful way through {@code flow} runs the step {@code stepId}; else one sentence saying why
     * not ({@code label} names the step in it).
     */
    public static Optional<String> gap(FlowNode flow, String stepId, String label) {
        return new StepAnalysis.Run(stepId, label).gap(flow);
    }

    private record Run(String stepId, String label) {

        Optional<String> gap(FlowNode level) {
            if (level.isForm()) {
                return formGap(level);
            }
            List<FlowNode> active = level.children().stream().filter(FlowNode::enabled).toList();
            List<FlowNode> required = active.stream()
                    .filter(c -> c.requirement() == Requirement.REQUIRED || c.requirement() == Requirement.CONDITIONAL)
                    .toList();
            if (!required.isEmpty()) {
                boolean runs = required.stream().anyMatch(c -> c.requirement() == Requirement.REQUIRED && runs(c));
                return runs ? Optional.empty() : Optional.of(whyNotInRequiredLevel(level));
            }
            List<FlowNode> alternatives = active.stream().filter(c -> c.requirement() == Requirement.ALTERNATIVE).toList();
            for (FlowNode alternative : alternatives) {
                if (!runs(alternative)) {
                    return Optional.of(whyNotInAlternatives(level, alternative, alternatives));
                }
            }
            return alternatives.isEmpty() ? Optional.of(whyNotInRequiredLevel(level)) : Optional.empty();
        }

        private boolean runs(FlowNode node) {
            return node.isFlow() ? gap(node).isEmpty() : stepId.equals(node.authenticator());
        }

        private Optional<String> formGap(FlowNode form) {
            if (form.children().stream().anyMatch(c -> stepId.equals(c.authenticator()) && c.enabled())) {
                return Optional.empty();
            }
            if (form.contains(stepId)) {
                return Optional.of("the " + label + " step in the form '" + form.name() + "' is disabled.");
            }
            return Optional.of(missing(form));
        }

        private String whyNotInRequiredLevel(FlowNode level) {
            for (FlowNode child : level.children()) {
                if (!child.contains(stepId)) {
                    continue;
                }
                switch (child.requirement()) {
                    case DISABLED:
                        return child.isFlow()
                                ? "the " + label + " step is in the sub-flow '" + child.name() + "', which is disabled."
                                : "the " + label + " step in '" + level.name() + "' is disabled.";
                    case ALTERNATIVE:
                        return (child.isFlow() ? "the sub-flow '" + child.name() + "' holding the " + label + " step"
                                : "the " + label + " step") + " is an alternative in '" + level.name()
                                + "' beside required steps, and Keycloak ignores alternatives there.";
                    case CONDITIONAL:
                        return "the " + label + " step is in the conditional sub-flow '" + child.name()
                                + "', which is skipped when its conditions do not hold.";
                    default:
                        return gap(child).orElseThrow();
                }
            }
            return missing(level);
        }

        private String whyNotInAlternatives(FlowNode level, FlowNode skipping, List<FlowNode> alternatives) {
            if (skipping.contains(stepId)) {
                return gap(skipping).orElseThrow();
            }
            Optional<FlowNode> holder = alternatives.stream().filter(a -> a.contains(stepId)).findFirst();
            if (holder.isEmpty()) {
                return missing(level);
            }
            String where = holder.get().isFlow() ? "in '" + holder.get().name() + "', " : "";
            String how = KnownSteps.COOKIE.equals(skipping.authenticator())
                    ? "a sign-in by SSO cookie ('" + skipping.name() + "')"
                    : "the alternative '" + skipping.name() + "'";
            return "the " + label + " step is " + where + "one of the alternatives of '" + level.name() + "', and "
                    + how + " completes '" + level.name() + "' without it.";
        }

        private String missing(FlowNode level) {
            return "'" + level.name() + "' has no enabled " + label + " step.";
        }
    }
}
