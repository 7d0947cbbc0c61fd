package io.keycloakhooks.it;

import java.util.HashMap;
import java.util.Map;

import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;

/** Authentication flow setup the prehook tests share: a built-in flow copied once, with a hooks step added. */
final class Flows {

    private Flows() {
    }

    /**
     * Copies {@code builtIn} to {@code copy} unless the copy exists, and adds {@code provider} as a REQUIRED step to
     * {@code targetFlow} (the copy or one of its sub-flows), at {@code priority} when not null.
     *
     * @return whether the copy was made now
     */
    static boolean copyWithStep(AuthenticationManagementResource flows, String builtIn, String copy, String targetFlow,
            String provider, Integer priority) {
        if (flows.getFlows().stream().anyMatch(f -> f.getAlias().equals(copy))) {
            return false;
        }
        flows.copy(builtIn, Map.of("newName", copy)).close();
        Map<String, Object> step = new HashMap<>(Map.of("provider", provider));
        if (priority != null) {
            step.put("priority", priority);
        }
        flows.addExecution(targetFlow, step);
        require(flows, copy, provider);
        return true;
    }

    /** Makes the step of {@code provider} in {@code flow} (or its sub-flows) REQUIRED. */
    static void require(AuthenticationManagementResource flows, String flow, String provider) {
        AuthenticationExecutionInfoRepresentation step = flows.getExecutions(flow).stream()
                .filter(e -> provider.equals(e.getProviderId())).findFirst().orElseThrow();
        step.setRequirement("REQUIRED");
        flows.updateExecutions(flow, step);
    }
}
