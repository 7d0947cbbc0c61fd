package io.keycloakhooks.claims;

import java.util.Map;
import java.util.Objects;

/**
 * What one JWT prehook answered: the claims to add (protected ones already dropped), or why the call failed.
 * {@code claims} keeps the endpoint's order and holds plain Java values (maps, lists, strings, numbers, booleans).
 */
public record ClaimsResult(Map<String, Object> claims, String failure) {

    public ClaimsResult {
        claims = claims == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(claims));
    }

    public static ClaimsResult of(Map<String, Object> claims) {
        return new ClaimsResult(claims, null);
    }

    public static ClaimsResult failed(String reason) {
        return new ClaimsResult(Map.of(), Objects.requireNonNull(reason, "reason"));
    }

    public boolean failed() {
        return failure != null;
    }
}
