package io.keycloakhooks.format;

import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.Format;
import io.keycloakhooks.config.Trigger;

/**
 * A prehook or JWT prehook request body in the hook's format (docs/formats.md), rendered from the standard request
 * envelope ({@code id}, {@code type}, {@code timestamp}, {@code realm}, {@code context}, {@code data}).
 */
public final class PrehookBodies {

    public static final String USER_SIGNUP = "USER_SIGNUP";
    public static final String USER_LOGIN = "USER_LOGIN";
    public static final String SOCIAL_LOGIN_AUTH = "SOCIAL_LOGIN_AUTH";
    public static final String OIDC_AUTH = "OIDC_AUTH";
    public static final String SAML_AUTH = "SAML_AUTH";
    public static final String PASSWORD_RESET = "PASSWORD_RESET";
    public static final String JWT_GENERATION = "JWT_GENERATION";
    /** HelloJohn's {@code provider} of a sign-up on the registration form. */
    static final String HELLOJOHN_PASSWORD_PROVIDER = "password";

    private static final Set<String> OIDC_PROVIDERS = Set.of("oidc", "keycloak-oidc");
    private static final Set<String> SAML_PROVIDERS = Set.of("saml");

    private PrehookBodies() {
    }

    /** The body for a hook of {@code format}; the standard envelope as it is for {@code standard}. */
    public static byte[] render(Format format, Trigger trigger, ObjectNode envelope) {
        return FormatJson.bytes(switch (format) {
            case STANDARD, CLOUDEVENTS -> envelope;
            case FRONTEGG -> frontegg(trigger, envelope);
            case HELLOJOHN -> helloJohn(trigger, envelope);
        });
    }

    /**
     * The bodies of one request for hooks of any format, each rendered at most once (several prehooks of one trigger
     * share the request). Not thread-safe: used on the request thread that prepares the calls.
     */
    public static Function<Format, byte[]> perFormat(Trigger trigger, ObjectNode envelope) {
        Map<Format, byte[]> bodies = new EnumMap<>(Format.class);
        return format -> bodies.computeIfAbsent(format, f -> render(f, trigger, envelope));
    }

    /** Frontegg's prehook event key for the trigger and, for sign-ins, the identity provider's kind. */
    public static String fronteggEventKey(Trigger trigger, JsonNode data) {
        return switch (trigger) {
            case PRE_SIGN_UP -> USER_SIGNUP;
            case PRE_PASSWORD_RESET -> PASSWORD_RESET;
            case JWT -> JWT_GENERATION;
            case PRE_SIGN_IN -> {
                String providerId = FormatJson.text(FormatJson.object(data, "identityProvider"), "providerId");
                if (providerId == null) {
                    yield USER_LOGIN;
                }
                yield OIDC_PROVIDERS.contains(providerId) ? OIDC_AUTH
                        : SAML_PROVIDERS.contains(providerId) ? SAML_AUTH : SOCIAL_LOGIN_AUTH;
            }
        };
    }

    static ObjectNode frontegg(Trigger trigger, ObjectNode envelope) {
        JsonNode data = envelope.get("data");
        JsonNode context = envelope.get("context");
        ObjectNode user = FormatJson.object(data, "user");
        JsonNode identityProvider = data.get("identityProvider");
        ObjectNode body = FormatJson.JSON.createObjectNode().put("eventKey", fronteggEventKey(trigger, data));
        String tenantId = trigger == Trigger.JWT ? firstOrganization(data) : null;
        body.putObject("eventContext").put("tenantId", tenantId).put("userId", FormatJson.text(user, "id"));
        ObjectNode out = body.putObject("data");
        switch (trigger) {
            case PRE_SIGN_UP -> {
                ObjectNode signUp = out.putObject("user")
                        .put("email", FormatJson.text(data, "email"))
                        .put("name", FormatJson.fullName(data))
                        .put("phoneNumber", FormatJson.attribute(data, "phoneNumber", "phone_number"))
                        .put("profilePictureUrl", FormatJson.attribute(data, "picture", "profilePictureUrl"))
                        .put("provider", identityProvider == null ? FronteggUser.LOCAL_PROVIDER
                                : FronteggUser.provider(identityProvider));
                signUp.put("metadata", FormatJson.stringified(data.get("attributes")));
                if (identityProvider != null) {
                    out.set("identityProvider", identityProvider);
                }
            }
            case PRE_SIGN_IN -> {
                out.set("user", user == null ? null : FronteggUser.of(user, identityProvider, null));
                out.put("authMethod", FormatJson.text(data, "authMethod"));
                if (identityProvider != null) {
                    out.set("identityProvider", identityProvider);
                }
            }
            case PRE_PASSWORD_RESET -> out.set("user", user == null ? null : FronteggUser.of(user, null, null));
            case JWT -> {
                out.put("sub", FormatJson.text(user, "id"))
                        .put("email", FormatJson.text(user, "email"))
                        .put("name", FormatJson.fullName(user))
                        .put("tenantId", tenantId);
                out.set("tenantIds", organizationIds(data));
                JsonNode roles = data.path("roles");
                out.set("roles", roles.path("realm").isArray() ? roles.get("realm").deepCopy() : FormatJson.array());
                out.set("permissions", permissions(roles.path("clients")));
                out.put("metadata", FormatJson.stringified(user == null ? null : user.get("attributes")));
                out.put("type", "service_account".equals(FormatJson.text(data, "tokenType")) ? "tenantApiToken"
                        : "userToken");
                out.put("applicationId", FormatJson.text(FormatJson.object(data, "client"), "clientId"));
            }
        }
        out.put("ipAddress", FormatJson.text(context, "ipAddress"))
                .put("userAgent", FormatJson.text(context, "userAgent"));
        copyTest(envelope, body);
        return body;
    }

    static ObjectNode helloJohn(Trigger trigger, ObjectNode envelope) {
        JsonNode data = envelope.get("data");
        JsonNode context = envelope.get("context");
        ObjectNode user = FormatJson.object(data, "user");
        ObjectNode body = FormatJson.JSON.createObjectNode();
        switch (trigger) {
            case PRE_SIGN_UP -> {
                JsonNode identityProvider = data.get("identityProvider");
                body.put("email", FormatJson.text(data, "email"))
                        .put("name", FormatJson.fullName(data))
                        .put("provider", identityProvider == null ? HELLOJOHN_PASSWORD_PROVIDER
                                : FormatJson.text(identityProvider, "alias"));
            }
            case PRE_SIGN_IN, PRE_PASSWORD_RESET -> {
                ObjectNode out = body.putObject("user")
                        .put("id", FormatJson.text(user, "id"))
                        .put("email", FormatJson.text(user, "email"));
                JsonNode enabled = user == null ? null : user.get("enabled");
                out.put("disabled", enabled != null && enabled.isBoolean() && !enabled.booleanValue());
                body.put("ip_address", FormatJson.text(context, "ipAddress"))
                        .put("user_agent", FormatJson.text(context, "userAgent"));
            }
            case JWT -> {
                body.putObject("user")
                        .put("id", FormatJson.text(user, "id"))
                        .put("email", FormatJson.text(user, "email"))
                        .put("name", FormatJson.fullName(user))
                        .put("created_at", FormatJson.createdAt(user));
                body.putObject("session")
                        .put("id", FormatJson.text(data, "sessionId"))
                        .put("org_id", firstOrganization(data));
            }
        }
        body.put("tenant_id", FormatJson.text(FormatJson.object(envelope, "realm"), "name"));
        copyTest(envelope, body);
        return body;
    }

    private static String firstOrganization(JsonNode data) {
        JsonNode organizations = data.path("organizations");
        return organizations.isArray() && !organizations.isEmpty() ? FormatJson.text(organizations.get(0), "id") : null;
    }

    private static ArrayNode organizationIds(JsonNode data) {
        ArrayNode ids = FormatJson.array();
        data.path("organizations").forEach(org -> {
            String id = FormatJson.text(org, "id");
            if (id != null) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Client roles as {@code <clientId>.<role>}, Frontegg's dotted permission keys. */
    private static ArrayNode permissions(JsonNode clients) {
        ArrayNode permissions = FormatJson.array();
        for (Iterator<Map.Entry<String, JsonNode>> it = clients.properties().iterator(); it.hasNext();) {
            Map.Entry<String, JsonNode> client = it.next();
            client.getValue().forEach(role -> permissions.add(client.getKey() + "." + role.asText()));
        }
        return permissions;
    }

    /** The admin test's sample requests say so in every format. */
    private static void copyTest(ObjectNode envelope, ObjectNode body) {
        if (envelope.path("test").asBoolean(false)) {
            body.put("test", true);
        }
    }
}
