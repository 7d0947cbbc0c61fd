package io.keycloakhooks.coverage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Coverage as the admin API shows it (docs/admin-api.md#coverage). */
public final class CoverageJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CoverageJson() {
    }

    public static ObjectNode of(RealmCoverage coverage) {
        ObjectNode node = JSON.createObjectNode().put("complete", coverage.complete());
        ArrayNode triggers = node.putArray("triggers");
        coverage.triggers().forEach(t -> triggers.add(of(t)));
        return node;
    }

    public static ObjectNode of(TriggerCoverage trigger) {
        ObjectNode node = JSON.createObjectNode().put("trigger", trigger.trigger().value());
        trigger.prehooks().forEach(node.putArray("prehooks")::add);
        node.put("complete", trigger.complete());
        ArrayNode paths = node.putArray("paths");
        trigger.paths().forEach(p -> paths.add(of(p)));
        return node;
    }

    static ObjectNode of(PathCoverage path) {
        ObjectNode node = JSON.createObjectNode().put("path", path.path().value()).put("binding", path.binding().value());
        if (path.binding() == Binding.CLIENT) {
            node.put("client", path.owner());
        } else if (path.binding() == Binding.IDENTITY_PROVIDER) {
            node.put("identityProvider", path.owner());
        }
        if (path.path() != PathKind.TOKEN) {
            node.put("flow", path.flow());
        }
        node.put("covered", path.covered());
        if (!path.covered()) {
            node.put("reason", path.reason());
        }
        return node;
    }
}
