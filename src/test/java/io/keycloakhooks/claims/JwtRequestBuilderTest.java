package io.keycloakhooks.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JwtRequestBuilderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void dataHasEveryFieldOfTheSpec() throws Exception {
        ObjectNode user = JSON.createObjectNode().put("id", "u1").put("username", "alice");
        ObjectNode claims = JSON.createObjectNode().put("sub", "u1").put("scope", "openid");
        JsonNode data = JwtRequestBuilder.data(user, false, new JwtRequestBuilder.Client("c1", "app", "App"),
                "password", "openid email", "s1", List.of(new JwtRequestBuilder.Organization("o1", "acme", "Acme")),
                Set.of("user", "admin"), Map.of("app", Set.of("write", "read"), "api", List.of("call")), claims);

        assertEquals(JSON.readTree("""
                {"user": {"id": "u1", "username": "alice"}, "tokenType": "user",
                 "client": {"id": "c1", "clientId": "app", "name": "App"},
                 "grantType": "password", "scope": "openid email", "sessionId": "s1",
                 "organizations": [{"id": "o1", "alias": "acme", "name": "Acme"}],
                 "roles": {"realm": ["admin", "user"], "clients": {"api": ["call"], "app": ["read", "write"]}},
                 "claims": {"sub": "u1", "scope": "openid"}}
                """), data);
    }

    @Test
    void claimsAlreadyWrittenAsJsonGoInAsTheyAre() throws Exception {
        ObjectNode data = JwtRequestBuilder.data(JSON.createObjectNode().put("id", "u1"), false,
                new JwtRequestBuilder.Client("c1", "app", "App"), "password", "openid", "s1", List.of(), Set.of(),
                Map.of(), new com.fasterxml.jackson.databind.util.RawValue("{\"sub\":\"u1\",\"n\":[1,{\"x\":null}]}"));

        JsonNode written = JSON.readTree(JSON.writeValueAsBytes(JSON.createObjectNode().set("data", data)));
        assertEquals(JSON.readTree("{\"sub\": \"u1\", \"n\": [1, {\"x\": null}]}"), written.get("data").get("claims"));
        assertEquals(List.of("user", "tokenType", "client", "grantType", "scope", "sessionId", "organizations", "roles",
                "claims"), iterate(written.get("data").fieldNames()));
    }

    private static List<String> iterate(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void serviceAccountWithoutSession() {
        JsonNode data = JwtRequestBuilder.data(JSON.createObjectNode(), true, new JwtRequestBuilder.Client("c", "svc", null),
                "client_credentials", "profile", null, List.of(), Set.of(), Map.of(), JSON.createObjectNode());
        assertEquals("service_account", data.get("tokenType").asText());
        assertTrue(data.get("sessionId").isNull());
        assertTrue(data.get("organizations").isEmpty());
    }
}
