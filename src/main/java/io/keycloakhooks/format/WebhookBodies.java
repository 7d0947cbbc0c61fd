package io.keycloakhooks.format;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.Format;
import io.keycloakhooks.config.Payload;
import io.keycloakhooks.config.WebhookConfig;

/**
 * A webhook message's body in the webhook's format (docs/formats.md), rendered from the standard envelope
 * ({@code id}, {@code type}, {@code timestamp}, {@code realm}, {@code data}): a format only reshapes the facts the
 * standard envelope already carries.
 */
public final class WebhookBodies {

    /** The CloudEvents {@code type} prefix: reverse DNS of the project, then the catalogue type. */
    public static final String CLOUDEVENTS_TYPE_PREFIX = "io.keycloakhooks.";
    public static final String FRONTEGG_EVENT_KEY_PREFIX = "frontegg.";
    private static final String TEST_TYPE = "webhook.test";
    private static final String TENANT_PREFIX = "tenant.";

    private WebhookBodies() {
    }

    /** Whether {@link #render} would change the standard full envelope (the fast path writes that directly). */
    public static boolean reshapes(WebhookConfig webhook) {
        return webhook.format() != Format.STANDARD || webhook.payload() != Payload.FULL;
    }

    /** The standard envelope as a tree, for {@link #render}. */
    public static ObjectNode envelope(String id, String type, String timestamp, String realmId, String realmName,
            JsonNode data) {
        ObjectNode envelope = FormatJson.JSON.createObjectNode().put("id", id).put("type", type).put("timestamp", timestamp);
        envelope.putObject("realm").put("id", realmId).put("name", realmName);
        envelope.set("data", data);
        return envelope;
    }

    /**
     * @param envelope the standard envelope (not changed)
     * @param issuer   the realm's issuer URL (CloudEvents' {@code source})
     */
    public static String render(WebhookConfig webhook, ObjectNode envelope, String issuer) {
        JsonNode data = webhook.payload() == Payload.THIN ? ThinData.of(envelope.get("data")) : envelope.get("data");
        JsonNode body = switch (webhook.format()) {
            case STANDARD -> envelope.deepCopy().set("data", data);
            case CLOUDEVENTS -> cloudEvent(envelope, data, issuer);
            case FRONTEGG -> frontegg(envelope);
            case HELLOJOHN -> helloJohn(envelope);
        };
        return body.toString();
    }

    public static byte[] renderBytes(WebhookConfig webhook, ObjectNode envelope, String issuer) {
        return render(webhook, envelope, issuer).getBytes(StandardCharsets.UTF_8);
    }

    /** CloudEvents 1.0, structured JSON mode; no extension attributes. */
    static ObjectNode cloudEvent(ObjectNode envelope, JsonNode data, String issuer) {
        String type = FormatJson.text(envelope, "type");
        ObjectNode event = FormatJson.JSON.createObjectNode()
                .put("specversion", "1.0")
                .put("id", FormatJson.text(envelope, "id"))
                .put("source", issuer)
                .put("type", CLOUDEVENTS_TYPE_PREFIX + type);
        String subject = subject(type, envelope.get("data"));
        if (subject != null) {
            event.put("subject", subject);
        }
        event.put("time", FormatJson.text(envelope, "timestamp"))
                .put("datacontenttype", "application/json");
        event.set("data", data);
        return event;
    }

    /** The id of what the event is about: the organization of a tenant event, else the user, else the resource. */
    static String subject(String type, JsonNode data) {
        String user = FormatJson.text(FormatJson.object(data, "user"), "id");
        String organization = FormatJson.text(FormatJson.object(data, "organization"), "id");
        if (type.startsWith(TENANT_PREFIX) && organization != null) {
            return organization;
        }
        if (user != null) {
            return user;
        }
        if (organization != null) {
            return organization;
        }
        String webhook = FormatJson.text(FormatJson.object(data, "webhook"), "id");
        if (webhook != null) {
            return webhook;
        }
        String path = FormatJson.text(FormatJson.object(data, "keycloak"), "resourcePath");
        return path == null || path.isEmpty() ? null : path.substring(path.lastIndexOf('/') + 1);
    }

    /** Frontegg's webhook body: eventKey, eventContext, user, and for tenant events the tenant. */
    static ObjectNode frontegg(ObjectNode envelope) {
        String type = FormatJson.text(envelope, "type");
        JsonNode data = envelope.get("data");
        ObjectNode user = FormatJson.object(data, "user");
        ObjectNode organization = FormatJson.object(data, "organization");
        String tenantId = FormatJson.text(organization, "id");
        ObjectNode body = FormatJson.JSON.createObjectNode().put("eventKey", FRONTEGG_EVENT_KEY_PREFIX + type);
        String userId = user != null ? FormatJson.text(user, "id")
                : FormatJson.text(FormatJson.object(FormatJson.object(data, "keycloak"), "authDetails"), "userId");
        body.putObject("eventContext").put("tenantId", tenantId).put("userId", userId);
        if (user != null) {
            body.set("user", FronteggUser.of(user, data.get("identityProvider"), tenantId));
        } else {
            body.putNull("user");
        }
        if (organization != null) {
            body.putObject("tenant")
                    .put("tenantId", tenantId)
                    .put("name", FormatJson.text(organization, "name"))
                    .put("alias", FormatJson.text(organization, "alias"));
        }
        if (TEST_TYPE.equals(type)) {
            body.put("test", true).put("message", FormatJson.text(data, "message"));
        }
        return body;
    }

    /** HelloJohn's post_sign_up / post_sign_in body: the user and the tenant (the realm). */
    static ObjectNode helloJohn(ObjectNode envelope) {
        JsonNode data = envelope.get("data");
        ObjectNode user = FormatJson.object(data, "user");
        ObjectNode body = FormatJson.JSON.createObjectNode();
        if (user != null) {
            body.putObject("user")
                    .put("id", FormatJson.text(user, "id"))
                    .put("email", FormatJson.text(user, "email"))
                    .put("name", FormatJson.fullName(user))
                    .put("created_at", FormatJson.createdAt(user));
        } else {
            body.putNull("user");
        }
        body.put("tenant_id", FormatJson.text(FormatJson.object(envelope, "realm"), "name"));
        if (TEST_TYPE.equals(FormatJson.text(envelope, "type"))) {
            body.put("test", true).put("message", FormatJson.text(data, "message"));
        }
        return body;
    }
}
