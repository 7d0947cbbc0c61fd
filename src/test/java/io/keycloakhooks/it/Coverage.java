package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * The prehook coverage API ({@code GET /hooks/coverage}, {@code POST /hooks/coverage/apply}) as an admin's script calls
 * it, and what the coverage tests look at in its answers and in the realm's flows.
 */
final class Coverage {

    static final String DENIAL = "{\"allow\": false, \"reason\": \"%s\"}";

    private final AdminHttp http;
    private final String realm;
    private final Supplier<String> token;

    Coverage(AdminHttp http, String realm, Supplier<String> token) {
        this.http = http;
        this.realm = realm;
        this.token = token;
    }

    /** GET /coverage, asserting 200. */
    JsonNode get() {
        AdminHttp.Response response = http.getHooks(realm, "coverage", token.get());
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    /** POST /coverage/apply with {@code ?dryRun=} when {@code dryRun} is not null, asserting 200. */
    JsonNode apply(Boolean dryRun) {
        AdminHttp.Response response = applyResponse(dryRun, token.get());
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    AdminHttp.Response applyResponse(Boolean dryRun, String bearer) {
        return http.hooks("POST", realm, "coverage/apply" + (dryRun == null ? "" : "?dryRun=" + dryRun), bearer, null);
    }

    /** Creates an enabled prehook (failMode closed) and returns the create response's body. */
    JsonNode createPrehook(String id, String trigger, String url, String secret) {
        AdminHttp.Response created = http.hooks("POST", realm, "prehooks", token.get(), """
                {"id": "%s", "trigger": "%s", "url": "%s", "secret": "%s", "failMode": "closed", "timeoutMs": 2000}
                """.formatted(id, trigger, url, secret));
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    /** A password grant on {@code clientId} (a public client), as a script or a native app would send it. */
    AdminHttp.Response passwordGrant(String clientId, String username, String password) {
        return http.oidcForm(realm, "token", Map.of("grant_type", "password", "client_id", clientId,
                "username", username, "password", password, "scope", "openid"));
    }

    static JsonNode trigger(JsonNode coverage, String trigger) {
        for (JsonNode t : coverage.get("triggers")) {
            if (trigger.equals(t.get("trigger").asText())) {
                return t;
            }
        }
        throw new AssertionError("no trigger " + trigger + " in " + coverage);
    }

    /** The path entry of {@code trigger}; {@code owner} is the client id or identity provider alias, null for realm. */
    static JsonNode path(JsonNode coverage, String trigger, String path, String binding, String owner) {
        for (JsonNode p : trigger(coverage, trigger).get("paths")) {
            if (path.equals(p.get("path").asText()) && binding.equals(p.get("binding").asText())
                    && (owner == null || owner.equals(ownerOf(p)))) {
                return p;
            }
        }
        throw new AssertionError("no " + path + "/" + binding + "/" + owner + " path for " + trigger + " in " + coverage);
    }

    /** The change of an apply answer for one path; fails when there is none. */
    static JsonNode change(JsonNode applied, String path, String binding, String owner) {
        for (JsonNode c : applied.get("changes")) {
            if (path.equals(c.get("path").asText()) && binding.equals(c.get("binding").asText())
                    && (owner == null || owner.equals(ownerOf(c)))) {
                return c;
            }
        }
        throw new AssertionError("no change for " + path + "/" + binding + "/" + owner + " in " + applied);
    }

    private static String ownerOf(JsonNode entry) {
        if (entry.has("client")) {
            return entry.get("client").asText();
        }
        return entry.has("identityProvider") ? entry.get("identityProvider").asText() : null;
    }

    /** The path is reported not covered, with a one-sentence reason that contains {@code reasonPart} (when not null). */
    static void assertUncovered(JsonNode path, String flow, String reasonPart) {
        assertFalse(path.get("covered").asBoolean(), path.toString());
        assertEquals(flow, path.get("flow").isNull() ? null : path.get("flow").asText(), path.toString());
        assertTrue(path.hasNonNull("reason") && !path.get("reason").asText().isBlank(), "a reason: " + path);
        if (reasonPart != null) {
            assertTrue(path.get("reason").asText().contains(reasonPart), "reason mentions '" + reasonPart + "': " + path);
        }
    }

    static void assertCovered(JsonNode path, String flow) {
        assertTrue(path.get("covered").asBoolean(), path.toString());
        assertEquals(flow, path.get("flow").asText(), path.toString());
        assertFalse(path.has("reason"), "no reason on a covered path: " + path);
    }

    /** Field names of an object node, sorted. */
    static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * The realm's flows as the admin console shows them: every top-level flow's alias with its executions (level,
     * provider or sub-flow name, requirement, config). A snapshot to compare before and after a dry run.
     */
    static List<String> flowsSnapshot(RealmResource realm) {
        AuthenticationManagementResource flows = realm.flows();
        List<String> snapshot = new ArrayList<>();
        flows.getFlows().stream().map(f -> f.getAlias()).sorted().forEach(alias -> {
            snapshot.add("flow " + alias);
            executions(flows, alias).forEach(e -> snapshot.add("  " + e));
        });
        return snapshot;
    }

    /** One line per execution of {@code flow} (all levels, in order): level, what it runs, requirement, config. */
    static List<String> executions(AuthenticationManagementResource flows, String flow) {
        List<String> lines = new ArrayList<>();
        for (AuthenticationExecutionInfoRepresentation e : flows.getExecutions(flow)) {
            String what = Boolean.TRUE.equals(e.getAuthenticationFlow()) ? "flow '" + e.getDisplayName() + "'" : e.getProviderId();
            String config = "";
            if (e.getAuthenticationConfig() != null) {
                AuthenticatorConfigRepresentation c = flows.getAuthenticatorConfig(e.getAuthenticationConfig());
                config = " config " + new java.util.TreeMap<>(c.getConfig());
            }
            lines.add(e.getLevel() + " " + what + " " + e.getRequirement() + config);
        }
        return lines;
    }

    /** The realm's flow bindings and the clients' and identity providers' overrides, to compare before and after. */
    static List<String> bindingsSnapshot(RealmResource realm) {
        var rep = realm.toRepresentation();
        List<String> snapshot = new ArrayList<>(List.of("browser " + rep.getBrowserFlow(), "direct grant " + rep.getDirectGrantFlow(),
                "registration " + rep.getRegistrationFlow(), "reset " + rep.getResetCredentialsFlow(),
                "first broker login " + rep.getFirstBrokerLoginFlow()));
        for (ClientRepresentation client : realm.clients().findAll()) {
            snapshot.add("client " + client.getClientId() + " " + client.getAuthenticationFlowBindingOverrides());
        }
        realm.identityProviders().findAll().forEach(idp -> snapshot.add("idp " + idp.getAlias() + " "
                + idp.getFirstBrokerLoginFlowAlias() + " / " + idp.getPostBrokerLoginFlowAlias()));
        return snapshot;
    }

    /** The id of a top-level flow, which a client's flow binding override names. */
    static String flowId(RealmResource realm, String alias) {
        return realm.flows().getFlows().stream().filter(f -> f.getAlias().equals(alias)).findFirst().orElseThrow().getId();
    }

    /** Sets a client's override of the {@code browser} or {@code direct_grant} binding to the flow {@code alias}. */
    static void overrideBinding(RealmResource realm, String clientId, String binding, String alias) {
        ClientRepresentation client = realm.clients().findByClientId(clientId).get(0);
        client.setAuthenticationFlowBindingOverrides(Map.of(binding, flowId(realm, alias)));
        realm.clients().get(client.getId()).update(client);
    }

    /** The sub-flow aliases of a flow, all levels. */
    static List<String> subFlows(AuthenticationManagementResource flows, String flow) {
        return flows.getExecutions(flow).stream().filter(e -> Boolean.TRUE.equals(e.getAuthenticationFlow()))
                .map(AuthenticationExecutionInfoRepresentation::getDisplayName).toList();
    }

    /** Execution lines of a flow as its copy {@code copy} shows them: sub-flows (and configs naming them) renamed. */
    static List<String> renamed(List<String> lines, List<String> subFlows, String copy) {
        return lines.stream().map(line -> {
            String out = line;
            for (String sub : subFlows) {
                out = out.replace("flow '" + sub + "'", "flow '" + copy + " " + sub + "'")
                        .replace("flow_to_check=" + sub, "flow_to_check=" + copy + " " + sub);
            }
            return out;
        }).toList();
    }
}
