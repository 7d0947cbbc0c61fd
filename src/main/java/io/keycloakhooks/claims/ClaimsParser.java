package io.keycloakhooks.claims;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keycloakhooks.config.Format;
import io.keycloakhooks.transport.HookResponse;

/**
 * Reads a JWT prehook's answer (docs/jwt-claims.md): a 2xx JSON object whose {@code customClaims} (or, failing that,
 * {@code claims}) object holds the claims to add. An empty 2xx body or an object with neither field adds nothing.
 * A failure is: no response, a non-2xx status, a body that is not a JSON object, a claims field that is not an
 * object, or claims over {@value #MAX_CLAIMS_BYTES} bytes as JSON (measured as the endpoint sent them, before
 * protected claims are dropped). A claim whose value is {@code null} is left out.
 */
public final class ClaimsParser {

    public static final int MAX_CLAIMS_BYTES = 16 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClaimsParser() {
    }

    /** @param onProtected told the name of each protected claim that is dropped */
    public static ClaimsResult parse(HookResponse response, Consumer<String> onProtected) {
        return parse(response, Format.STANDARD, onProtected);
    }

    /** @param format the hook's format, which may protect more names ({@link ProtectedClaims#isProtected(String, Format)}) */
    public static ClaimsResult parse(HookResponse response, Format format, Consumer<String> onProtected) {
        if (response.error() != null) {
            return ClaimsResult.failed(response.error());
        }
        if (response.status() < 200 || response.status() >= 300) {
            return ClaimsResult.failed("status " + response.status());
        }
        String body = response.body();
        if (body == null || body.isBlank()) {
            return ClaimsResult.of(Map.of());
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            return ClaimsResult.failed("the response body is not JSON");
        }
        if (node == null || !node.isObject()) {
            return ClaimsResult.failed("the response body is not a JSON object");
        }
        String field = node.has("customClaims") ? "customClaims" : "claims";
        JsonNode claims = node.get(field);
        if (claims == null || claims.isNull()) {
            return ClaimsResult.of(Map.of());
        }
        if (!claims.isObject()) {
            return ClaimsResult.failed("\"" + field + "\" is not a JSON object");
        }
        int size = size(claims);
        if (size > MAX_CLAIMS_BYTES) {
            return ClaimsResult.failed("custom claims take " + size + " bytes, more than " + MAX_CLAIMS_BYTES);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        claims.fields().forEachRemaining(entry -> {
            if (ProtectedClaims.isProtected(entry.getKey(), format)) {
                onProtected.accept(entry.getKey());
            } else if (!entry.getValue().isNull()) {
                result.put(entry.getKey(), JSON.convertValue(entry.getValue(), Object.class));
            }
        });
        return ClaimsResult.of(result);
    }

    private static int size(JsonNode claims) {
        try {
            return JSON.writeValueAsString(claims).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
