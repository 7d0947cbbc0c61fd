package io.keycloakhooks.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ClaimMergerTest {

    @Test
    void laterOrderWinsAClash() {
        Map<String, Object> merged = ClaimMerger.merge(List.of(Map.of("plan", "free", "a", 1), Map.of("plan", "pro", "b", 2)));
        assertEquals(Map.of("plan", "pro", "a", 1, "b", 2), merged);
    }

    @Test
    void topLevelByDefault() {
        Map<String, Object> token = new HashMap<>(Map.of("groups", List.of("x")));
        ClaimMerger.apply(token, Map.of("plan", "pro", "groups", List.of("y")), null);
        assertEquals(Map.of("plan", "pro", "groups", List.of("y")), token);
    }

    @Test
    void underTheNamespace() {
        Map<String, Object> token = new HashMap<>(Map.of("groups", List.of("x")));
        ClaimMerger.apply(token, Map.of("plan", "pro", "groups", List.of("y")), " ext ");
        assertEquals(Map.of("groups", List.of("x"), "ext", Map.of("plan", "pro", "groups", List.of("y"))), token);
    }

    @Test
    void protectedNamesAreNeverSetAtTheTopLevel() {
        Map<String, Object> token = new HashMap<>(Map.of("email", "alice@example.com"));
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("Email", "evil@example.com");
        custom.put("REALM_ACCESS", Map.of("roles", List.of("admin")));
        custom.put("realm_access.roles", List.of("admin"));
        custom.put("plan", "pro");
        ClaimMerger.apply(token, custom, null);
        assertEquals(Map.of("email", "alice@example.com", "plan", "pro"), token);
    }

    @Test
    void aProtectedNamespaceAddsNothing() {
        for (String namespace : List.of("realm_access", "Realm_Access", " EMAIL.x ", "sub.ext")) {
            Map<String, Object> token = new HashMap<>(Map.of("sub", "u1"));
            ClaimMerger.apply(token, Map.of("plan", "pro"), namespace);
            assertEquals(Map.of("sub", "u1"), token, namespace);
        }
    }

    @Test
    void nothingToAddLeavesTheTokenAlone() {
        Map<String, Object> token = new LinkedHashMap<>();
        ClaimMerger.apply(token, Map.of(), "ext");
        ClaimMerger.apply(token, Map.of(), null);
        assertEquals(Map.of(), token);
    }
}
