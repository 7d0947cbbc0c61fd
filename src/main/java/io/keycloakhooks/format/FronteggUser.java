package io.keycloakhooks.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A user as Frontegg's webhooks and prehooks show one (docs/formats.md#frontegg), rendered from the standard
 * envelope's user; fields Keycloak's envelope has no source for are {@code null} (or empty lists).
 */
final class FronteggUser {

    /** Frontegg's {@code provider} of a user who did not come through an identity provider. */
    static final String LOCAL_PROVIDER = "local";

    private FronteggUser() {
    }

    /**
     * @param user             the envelope's {@code user}
     * @param identityProvider the envelope's {@code identityProvider} (alias, providerId), or null
     * @param tenantId         the organization the event concerns, or null
     */
    static ObjectNode of(JsonNode user, JsonNode identityProvider, String tenantId) {
        ObjectNode node = FormatJson.JSON.createObjectNode()
                .put("id", FormatJson.text(user, "id"))
                .put("email", FormatJson.text(user, "email"));
        JsonNode verified = user.get("emailVerified");
        if (verified != null && verified.isBoolean()) {
            node.put("verified", verified.booleanValue());
        } else {
            node.putNull("verified");
        }
        node.put("name", FormatJson.fullName(user))
                .put("phoneNumber", FormatJson.attribute(user, "phoneNumber", "phone_number"))
                .put("profilePictureUrl", FormatJson.attribute(user, "picture", "profilePictureUrl"))
                .put("provider", provider(identityProvider))
                .putNull("mfaEnrolled");
        node.put("metadata", FormatJson.stringified(user.get("attributes")));
        node.set("tenantIds", FormatJson.array(tenantId));
        node.put("tenantId", tenantId);
        node.putArray("roles");
        node.putArray("permissions");
        node.put("createdAt", FormatJson.createdAt(user)).putNull("lastLogin");
        JsonNode enabled = user.get("enabled");
        if (enabled != null && enabled.isBoolean()) {
            node.put("isLocked", !enabled.booleanValue());
        } else {
            node.putNull("isLocked");
        }
        if (verified != null && verified.isBoolean()) {
            node.put("activatedForTenant", verified.booleanValue());
        } else {
            node.putNull("activatedForTenant");
        }
        return node;
    }

    /** The identity provider's alias, or {@value #LOCAL_PROVIDER}. */
    static String provider(JsonNode identityProvider) {
        String alias = FormatJson.text(identityProvider, "alias");
        return alias != null ? alias : LOCAL_PROVIDER;
    }
}
