package io.keycloakhooks.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.Endpoint;
import io.keycloakhooks.config.Format;
import io.keycloakhooks.config.Payload;
import io.keycloakhooks.config.WebhookConfig;
import org.junit.jupiter.api.Test;

/** Webhook bodies per format, rendered from one standard envelope. */
class WebhookBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = "https://sso.example.com/realms/acme";

    static ObjectNode userEvent() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"user": {"id": "u-1", "username": "jane", "email": "jane@example.com", "emailVerified": true,
                          "firstName": "Jane", "lastName": "Doe", "enabled": true, "createdTimestamp": 1764547200000,
                          "attributes": {"phoneNumber": ["+4930123"], "picture": ["https://img.example/j.png"], "dept": ["x"]}},
                 "client": {"clientId": "shop"},
                 "organization": {"id": "org-1", "alias": "acme", "name": "Acme"},
                 "identityProvider": {"alias": "google", "providerId": "google"},
                 "ipAddress": "203.0.113.9", "sessionId": "s-1",
                 "keycloak": {"eventType": "REGISTER", "details": {"username": "jane", "email": "jane@example.com",
                              "code_id": "c-1", "identity_provider": "google", "org_id": "org-1"}, "error": null}}""");
    }

    static ObjectNode envelope(String type, JsonNode data) {
        return WebhookBodies.envelope("m-1", type, "2026-12-01T00:00:00.000Z", "r-1", "acme", data);
    }

    static WebhookConfig webhook(Format format, Payload payload) {
        return new WebhookConfig("w", new Endpoint(URI.create("https://x.test/"), null, Map.of(), Duration.ofSeconds(5)),
                List.of("*"), true, null, null, format, payload);
    }

    private static JsonNode render(Format format, Payload payload, ObjectNode envelope) throws Exception {
        return JSON.readTree(WebhookBodies.render(webhook(format, payload), envelope, ISSUER));
    }

    @Test
    void standardFullIsTheEnvelopeItself() throws Exception {
        ObjectNode envelope = envelope("user.created", userEvent());
        assertFalse(WebhookBodies.reshapes(webhook(Format.STANDARD, Payload.FULL)));
        assertEquals(envelope, render(Format.STANDARD, Payload.FULL, envelope));
    }

    @Test
    void fronteggUserEvent() throws Exception {
        JsonNode body = render(Format.FRONTEGG, Payload.FULL, envelope("user.created", userEvent()));
        assertEquals("frontegg.user.created", body.get("eventKey").asText());
        assertEquals("org-1", body.at("/eventContext/tenantId").asText());
        assertEquals("u-1", body.at("/eventContext/userId").asText());
        JsonNode user = body.get("user");
        assertEquals(List.of("id", "email", "verified", "name", "phoneNumber", "profilePictureUrl", "provider",
                "mfaEnrolled", "metadata", "tenantIds", "tenantId", "roles", "permissions", "createdAt", "lastLogin",
                "isLocked", "activatedForTenant"), names(user));
        assertEquals("jane@example.com", user.get("email").asText());
        assertTrue(user.get("verified").asBoolean());
        assertEquals("Jane Doe", user.get("name").asText());
        assertEquals("+4930123", user.get("phoneNumber").asText());
        assertEquals("https://img.example/j.png", user.get("profilePictureUrl").asText());
        assertEquals("google", user.get("provider").asText());
        assertTrue(user.get("mfaEnrolled").isNull());
        assertEquals("x", JSON.readTree(user.get("metadata").asText()).at("/dept/0").asText());
        assertEquals("[\"org-1\"]", user.get("tenantIds").toString());
        assertEquals("2025-12-01T00:00:00.000Z", user.get("createdAt").asText());
        assertTrue(user.get("lastLogin").isNull());
        assertFalse(user.get("isLocked").asBoolean());
    }

    @Test
    void fronteggUserWithoutOrganizationHasNoTenant() throws Exception {
        ObjectNode data = userEvent();
        data.remove("organization");
        data.remove("identityProvider");
        JsonNode body = render(Format.FRONTEGG, Payload.FULL, envelope("user.authenticated", data));
        assertTrue(body.at("/eventContext/tenantId").isNull());
        assertEquals("[]", body.at("/user/tenantIds").toString());
        assertEquals("local", body.at("/user/provider").asText());
        assertFalse(body.has("tenant"));
    }

    @Test
    void fronteggTenantEventCarriesTheOrganization() throws Exception {
        JsonNode data = JSON.readTree("""
                {"organization": {"id": "org-2", "alias": "beta", "name": "Beta"},
                 "keycloak": {"operationType": "CREATE", "resourceType": "ORGANIZATION", "resourcePath": "organizations/org-2",
                              "representation": {"name": "Beta"}, "authDetails": {"realmId": "r", "clientId": "c", "userId": "admin-1",
                              "ipAddress": "198.51.100.1"}}}""");
        JsonNode body = render(Format.FRONTEGG, Payload.FULL, envelope("tenant.created", data));
        assertEquals("frontegg.tenant.created", body.get("eventKey").asText());
        assertEquals("org-2", body.at("/eventContext/tenantId").asText());
        assertEquals("admin-1", body.at("/eventContext/userId").asText());
        assertEquals("Beta", body.at("/tenant/name").asText());
        assertTrue(body.get("user").isNull());
    }

    @Test
    void helloJohnPostSignUp() throws Exception {
        JsonNode body = render(Format.HELLOJOHN, Payload.FULL, envelope("user.signedUp", userEvent()));
        assertEquals(JSON.readTree("""
                {"user": {"id": "u-1", "email": "jane@example.com", "name": "Jane Doe", "created_at": "2025-12-01T00:00:00.000Z"},
                 "tenant_id": "acme"}"""), body);
    }

    @Test
    void cloudEvent() throws Exception {
        ObjectNode envelope = envelope("user.created", userEvent());
        JsonNode body = render(Format.CLOUDEVENTS, Payload.FULL, envelope);
        assertEquals(List.of("specversion", "id", "source", "type", "subject", "time", "datacontenttype", "data"), names(body));
        assertEquals("1.0", body.get("specversion").asText());
        assertEquals("m-1", body.get("id").asText());
        assertEquals(ISSUER, body.get("source").asText());
        assertEquals("io.keycloakhooks.user.created", body.get("type").asText());
        assertEquals("u-1", body.get("subject").asText());
        assertEquals("2026-12-01T00:00:00.000Z", body.get("time").asText());
        assertEquals("application/json", body.get("datacontenttype").asText());
        assertEquals(envelope.get("data"), body.get("data"));
        assertEquals("org-1", render(Format.CLOUDEVENTS, Payload.FULL, envelope("tenant.updated", userEvent()))
                .get("subject").asText(), "a tenant event is about the organization");
    }

    @Test
    void thinDataCarriesIdentifiersOnly() throws Exception {
        for (Format format : List.of(Format.STANDARD, Format.CLOUDEVENTS)) {
            JsonNode body = render(format, Payload.THIN, envelope("user.created", userEvent()));
            JsonNode data = body.get("data");
            assertEquals(JSON.readTree("""
                    {"user": {"id": "u-1"}, "client": {"clientId": "shop"}, "organization": {"id": "org-1"},
                     "keycloak": {"eventType": "REGISTER", "details": {"code_id": "c-1", "org_id": "org-1"}}}"""), data);
            String text = body.toString();
            for (String personal : List.of("jane@example.com", "Jane", "Doe", "203.0.113.9", "+4930123", "dept", "jane")) {
                assertFalse(text.contains(personal), personal + " in " + text);
            }
        }
    }

    @Test
    void thinAdminEventLeavesOutTheRepresentation() throws Exception {
        JsonNode data = JSON.readTree("""
                {"user": {"id": "u-1", "email": "jane@example.com"},
                 "keycloak": {"operationType": "UPDATE", "resourceType": "USER", "resourcePath": "users/u-1",
                              "representation": {"email": "jane@example.com"}, "authDetails": {"ipAddress": "198.51.100.1"}}}""");
        JsonNode thin = ThinData.of(data);
        assertEquals(JSON.readTree("""
                {"user": {"id": "u-1"}, "keycloak": {"operationType": "UPDATE", "resourceType": "USER"}}"""), thin);
    }

    @Test
    void theTestMessageIsRenderedInEveryFormat() throws Exception {
        JsonNode data = JSON.readTree("{\"webhook\": {\"id\": \"w\", \"name\": null}, \"message\": \"hello\"}");
        ObjectNode envelope = envelope("webhook.test", data);
        assertEquals("frontegg.webhook.test", render(Format.FRONTEGG, Payload.FULL, envelope).get("eventKey").asText());
        assertTrue(render(Format.HELLOJOHN, Payload.FULL, envelope).get("test").asBoolean());
        JsonNode cloudEvent = render(Format.CLOUDEVENTS, Payload.FULL, envelope);
        assertEquals("io.keycloakhooks.webhook.test", cloudEvent.get("type").asText());
        assertEquals("w", cloudEvent.get("subject").asText());
    }

    static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
