package io.keycloakhooks.config;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Takes hook credentials out of representations that Keycloak records or sends about the realm: a realm
 * representation's {@code hooks.*} attributes become the mask (URLs, headers and secrets all live in them), and a
 * hook console page's component (recognised by its {@code hookId} setting) keeps only its URL's origin and path,
 * header names and whether a secret is set.
 */
public final class HookRedaction {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HookRedaction() {
    }

    /** The representation without hook credentials, or null when it carries none (or is not JSON). */
    public static String redact(String representation) {
        if (representation == null || !(representation.contains("\"hooks.") || representation.contains("\"hookId\""))) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(representation);
        } catch (IOException e) {
            return null;
        }
        return redactInPlace(node) ? node.toString() : null;
    }

    /** Redacts in place; whether anything changed. */
    public static boolean redactInPlace(JsonNode representation) {
        if (!(representation instanceof ObjectNode object)) {
            return false;
        }
        boolean changed = false;
        if (object.get("attributes") instanceof ObjectNode attributes) {
            List<String> hooks = new ArrayList<>();
            attributes.fieldNames().forEachRemaining(name -> {
                if (HookRef.fromAttributeName(name).isPresent()) {
                    hooks.add(name);
                }
            });
            for (String name : hooks) {
                changed |= !Secrets.MASK.equals(attributes.path(name).asText(null));
                attributes.put(name, Secrets.MASK);
            }
        }
        if (object.get("config") instanceof ObjectNode config && config.has("hookId")) {
            changed |= redactComponentConfig(config);
        }
        return changed;
    }

    /** A component's config holds each setting as a list of strings. */
    private static boolean redactComponentConfig(ObjectNode config) {
        boolean changed = false;
        if (config.has("secret")) {
            config.set("secret", JSON.createArrayNode().add(Secrets.MASK));
            changed = true;
        }
        if (config.get("url") instanceof ArrayNode urls && !urls.isEmpty()) {
            String url = urls.get(0).asText();
            String masked;
            try {
                masked = Secrets.isVaultReference(url) ? url : CredentialMasks.maskUrl(new URI(url));
            } catch (java.net.URISyntaxException | RuntimeException e) {
                masked = Secrets.MASK;
            }
            if (!masked.equals(url)) {
                config.set("url", JSON.createArrayNode().add(masked));
                changed = true;
            }
        }
        if (config.get("headers") instanceof ArrayNode headers && !headers.isEmpty()) {
            String masked = maskedHeaderPairs(headers.get(0).asText());
            if (!masked.equals(headers.get(0).asText())) {
                config.set("headers", JSON.createArrayNode().add(masked));
                changed = true;
            }
        }
        return changed;
    }

    /** The console stores headers as {@code [{"key": …, "value": …}, …]}. */
    private static String maskedHeaderPairs(String pairs) {
        try {
            JsonNode list = JSON.readTree(pairs);
            if (list instanceof ArrayNode array) {
                array.forEach(pair -> {
                    if (pair instanceof ObjectNode o && o.has("value")) {
                        o.put("value", Secrets.MASK);
                    }
                });
                return array.toString();
            }
        } catch (IOException e) {
            // not the console's list: hide it whole
        }
        return Secrets.MASK;
    }
}
