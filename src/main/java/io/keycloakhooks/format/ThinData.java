package io.keycloakhooks.format;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code data} of a {@code payload: thin} webhook (docs/formats.md#thin-payloads): identifiers only. Kept: the
 * user's id, the client's clientId, the organization's id, the test message's webhook id, the raw event's type
 * (user events: {@code eventType}; admin events: {@code operationType}, {@code resourceType}) and the raw event's
 * {@code details} entries whose keys end in {@code _id}. Everything else (email, username, names, attributes,
 * IP address, representation, error texts) is left out.
 */
public final class ThinData {

    private ThinData() {
    }

    public static ObjectNode of(JsonNode data) {
        ObjectNode thin = FormatJson.JSON.createObjectNode();
        id(thin, data, "user", "id");
        id(thin, data, "client", "clientId");
        id(thin, data, "organization", "id");
        id(thin, data, "webhook", "id");
        ObjectNode keycloak = FormatJson.object(data, "keycloak");
        if (keycloak != null) {
            ObjectNode raw = thin.putObject("keycloak");
            for (String field : new String[] {"eventType", "operationType", "resourceType"}) {
                String value = FormatJson.text(keycloak, field);
                if (value != null) {
                    raw.put(field, value);
                }
            }
            ObjectNode details = FormatJson.object(keycloak, "details");
            if (details != null) {
                ObjectNode ids = raw.putObject("details");
                for (Map.Entry<String, JsonNode> entry : details.properties()) {
                    if (entry.getKey().endsWith("_id") && entry.getValue().isTextual()) {
                        ids.put(entry.getKey(), entry.getValue().textValue());
                    }
                }
            }
        }
        return thin;
    }

    private static void id(ObjectNode thin, JsonNode data, String object, String field) {
        String value = FormatJson.text(FormatJson.object(data, object), field);
        if (value != null) {
            thin.putObject(object).put(field, value);
        }
    }
}
