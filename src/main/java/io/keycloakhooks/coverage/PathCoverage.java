package io.keycloakhooks.coverage;

/**
 * One path of a trigger and whether its step runs on it.
 *
 * @param owner the client id or identity provider alias for those bindings, else null
 * @param flow the alias of the flow in use, null when none is bound (an identity provider without post-login flow)
 * @param reason one sentence why the path is not covered, null when it is
 */
public record PathCoverage(PathKind path, Binding binding, String owner, String flow, String reason) {

    public boolean covered() {
        return reason == null;
    }
}
