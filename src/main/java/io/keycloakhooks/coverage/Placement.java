package io.keycloakhooks.coverage;

import java.util.ArrayList;
import java.util.List;

import io.keycloakhooks.coverage.FlowNode.Requirement;

/**
 * Where apply puts a trigger's step in the copy of a flow, as the documented layouts do (docs/prehooks.md#flow-layouts):
 * <ul>
 * <li>sign-in paths: required, at the end of the top level; a top level of alternatives (the browser flow's Cookie,
 * redirector and forms) is first wrapped in a required sub-flow, since Keycloak ignores alternatives beside a
 * required step;</li>
 * <li>reset credentials: required, right after the execution holding "Choose User" (before the email is sent);</li>
 * <li>first broker login: required, right before the execution holding "Create User If Unique" (else right after
 * "Review Profile"), so it runs before Keycloak creates the user;</li>
 * <li>registration: required, at the end of the registration form.</li>
 * </ul>
 * Steps of the same kind already in the flow (which did not cover the path) are disabled in the copy, so the hooks
 * are asked once. The same placement is applied to the model here (to check the result before writing) and to
 * Keycloak's flows by {@link CoverageApply}.
 */
public record Placement(Kind kind, String anchor) {

    public enum Kind { APPEND, WRAP_AND_APPEND, AFTER, BEFORE, IN_FORM }

    /** A placement, or why none fits the flow. */
    public record Choice(Placement placement, String reason) {
    }

    public static Choice of(FlowNode top, PathKind path) {
        switch (path) {
            case BROWSER, DIRECT_GRANT, POST_BROKER_LOGIN:
                return new Choice(new Placement(onlyAlternatives(top) ? Kind.WRAP_AND_APPEND : Kind.APPEND, null), null);
            case RESET_CREDENTIALS:
                return anchored(top, Kind.AFTER, KnownSteps.CHOOSE_USER, null);
            case FIRST_BROKER_LOGIN:
                Choice before = anchored(top, Kind.BEFORE, KnownSteps.CREATE_USER_IF_UNIQUE, null);
                return before.placement() != null ? before : anchored(top, Kind.AFTER, KnownSteps.REVIEW_PROFILE, before.reason());
            case REGISTRATION:
                boolean hasForm = top.children().stream().anyMatch(c -> c.isForm() && c.enabled());
                return hasForm ? new Choice(new Placement(Kind.IN_FORM, null), null)
                        : new Choice(null, "'" + top.name() + "' has no enabled registration form to add the step to.");
            default:
                throw new IllegalArgumentException("no flow step for " + path);
        }
    }

    private static Choice anchored(FlowNode top, Kind kind, String anchor, String earlierReason) {
        if (onlyAlternatives(top)) {
            return new Choice(null, "the top level of '" + top.name() + "' has only alternatives, so a required step"
                    + " there would make Keycloak ignore them; place the step yourself.");
        }
        boolean found = top.children().stream().anyMatch(c -> c.enabled() && c.contains(anchor));
        return found ? new Choice(new Placement(kind, anchor), null)
                : new Choice(null, earlierReason != null ? earlierReason : "'" + top.name() + "' has no enabled '" + anchor
                        + "' step to place the hooks' step beside; place it yourself.");
    }

    static boolean onlyAlternatives(FlowNode top) {
        return top.children().stream().filter(FlowNode::enabled).allMatch(c -> c.requirement() == Requirement.ALTERNATIVE);
    }

    /** Whether {@code node}, a top-level execution, is where an anchored step goes beside. */
    boolean isAnchor(FlowNode node) {
        return node.enabled() && node.contains(anchor);
    }

    /** The flow as it is after placing {@code stepId} (named {@code label}) into a copy called {@code copyAlias}. */
    public FlowNode applied(FlowNode top, String stepId, String label, String copyAlias) {
        List<FlowNode> children = new ArrayList<>(top.children().stream().map(c -> disabled(c, stepId)).toList());
        FlowNode step = FlowNode.step(label, stepId, Requirement.REQUIRED);
        switch (kind) {
            case APPEND -> children.add(step);
            case WRAP_AND_APPEND -> {
                FlowNode wrapper = FlowNode.flow(wrapperAlias(copyAlias), Requirement.REQUIRED, children);
                children = new ArrayList<>(List.of(wrapper, step));
            }
            case AFTER, BEFORE -> {
                int at = firstAnchor(children);
                children.add(kind == Kind.AFTER ? at + 1 : at, step);
            }
            case IN_FORM -> {
                for (int i = 0; i < children.size(); i++) {
                    FlowNode form = children.get(i);
                    if (form.isForm() && form.enabled()) {
                        List<FlowNode> actions = new ArrayList<>(form.children());
                        actions.add(step);
                        children.set(i, new FlowNode(form.name(), form.authenticator(), form.flowType(), form.requirement(), actions));
                        break;
                    }
                }
            }
        }
        return new FlowNode(copyAlias, top.authenticator(), top.flowType(), top.requirement(), children);
    }

    int firstAnchor(List<FlowNode> topLevel) {
        for (int i = 0; i < topLevel.size(); i++) {
            if (isAnchor(topLevel.get(i))) {
                return i;
            }
        }
        throw new IllegalStateException("no '" + anchor + "' at the top level");
    }

    public static String wrapperAlias(String copyAlias) {
        return copyAlias + " sign-in";
    }

    private static FlowNode disabled(FlowNode node, String stepId) {
        if (!node.isFlow()) {
            return stepId.equals(node.authenticator()) ? FlowNode.step(node.name(), stepId, Requirement.DISABLED) : node;
        }
        return new FlowNode(node.name(), node.authenticator(), node.flowType(), node.requirement(),
                node.children().stream().map(c -> disabled(c, stepId)).toList());
    }
}
