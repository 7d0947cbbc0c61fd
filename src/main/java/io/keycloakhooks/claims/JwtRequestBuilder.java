package io.keycloakhooks.claims;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * The {@code data} of a {@code jwt} prehook request (docs/jwt-claims.md): user, tokenType, client, grantType, scope, sessionId,
 * organizations, roles and the token's claims so far. Plain values in, JSON out; the mapper reads them from Keycloak.
 */
public final class JwtRequestBuilder {

    public static final String USER = "user";
    public static final String SERVICE_ACCOUNT = "service_account";

    private static final ObjectMapper JSON = new ObjectMapper();

    private JwtRequestBuilder() {
    }

    /**
     * @param organizations each with {@code id}, {@code alias}, {@code name}
     * @param clientRoles   role names by clientId
     */
    public static ObjectNode data(ObjectNode user, boolean serviceAccount, Client client, String grantType, String scope,
            String sessionId, List<Organization> organizations, Collection<String> realmRoles,
            Map<String, ? extends Collection<String>> clientRoles, ObjectNode claims) {
        ObjectNode data = withoutClaims(user, serviceAccount, client, grantType, scope, sessionId, organizations,
                realmRoles, clientRoles);
        data.set("claims", claims);
        return data;
    }

    /**
     * The same, with the claims already serialized as a JSON object: the token goes straight to JSON, without an
     * intermediate tree (this runs for every token).
     */
    public static ObjectNode data(ObjectNode user, boolean serviceAccount, Client client, String grantType, String scope,
            String sessionId, List<Organization> organizations, Collection<String> realmRoles,
            Map<String, ? extends Collection<String>> clientRoles, RawValue claims) {
        ObjectNode data = withoutClaims(user, serviceAccount, client, grantType, scope, sessionId, organizations,
                realmRoles, clientRoles);
        data.putRawValue("claims", claims);
        return data;
    }

    private static ObjectNode withoutClaims(ObjectNode user, boolean serviceAccount, Client client, String grantType,
            String scope, String sessionId, List<Organization> organizations, Collection<String> realmRoles,
            Map<String, ? extends Collection<String>> clientRoles) {
        ObjectNode data = JSON.createObjectNode();
        data.set("user", user);
        data.put("tokenType", serviceAccount ? SERVICE_ACCOUNT : USER);
        data.putObject("client").put("id", client.id()).put("clientId", client.clientId()).put("name", client.name());
        data.put("grantType", grantType);
        data.put("scope", scope);
        data.put("sessionId", sessionId);
        ArrayNode orgs = data.putArray("organizations");
        for (Organization org : organizations) {
            orgs.addObject().put("id", org.id()).put("alias", org.alias()).put("name", org.name());
        }
        ObjectNode roles = data.putObject("roles");
        ArrayNode realm = roles.putArray("realm");
        realmRoles.stream().sorted().forEach(realm::add);
        ObjectNode clients = roles.putObject("clients");
        clientRoles.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ArrayNode names = clients.putArray(e.getKey());
            e.getValue().stream().sorted().forEach(names::add);
        });
        return data;
    }

    public record Client(String id, String clientId, String name) {
    }

    public record Organization(String id, String alias, String name) {
    }
}
