package io.keycloakhooks.claims;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the claims of several JWT prehooks and puts them into a token's claims. Hooks come in ascending
 * {@code order} (then id): on a name clash the later one wins. With a namespace the merged claims go under that one
 * claim instead of the top level.
 */
public final class ClaimMerger {

    private ClaimMerger() {
    }

    /** @param results the hooks' claims, by ascending order then id */
    public static Map<String, Object> merge(List<Map<String, Object>> results) {
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Map<String, Object> claims : results) {
            merged.putAll(claims);
        }
        return merged;
    }

    /**
     * Adds {@code custom} to a token's other claims: at the top level, or as one object under {@code namespace}
     * (which then replaces any claim of that name another mapper set). Nothing is added when {@code custom} is empty.
     * The names that end up at the top level are checked once more here: a protected custom claim is left out, and
     * a protected namespace adds nothing ({@link ClaimsParser} has already dropped protected names, and the mapper
     * refuses a protected namespace, so this only guards against a caller that skipped those).
     */
    public static void apply(Map<String, Object> tokenClaims, Map<String, Object> custom, String namespace) {
        if (custom.isEmpty()) {
            return;
        }
        if (namespace == null || namespace.isBlank()) {
            custom.forEach((name, value) -> {
                if (!ProtectedClaims.isProtected(name)) {
                    tokenClaims.put(name, value);
                }
            });
        } else if (!ProtectedClaims.isProtected(namespace.strip())) {
            tokenClaims.put(namespace.strip(), new LinkedHashMap<>(custom));
        }
    }
}
