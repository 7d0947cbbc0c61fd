package io.keycloakhooks.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.Format;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.prehook.PrehookEnvelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Prehook and JWT prehook bodies per format, rendered from the standard request envelope. */
class PrehookBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    private static final String USER = """
            {"id": "u-1", "username": "jane", "email": "jane@example.com", "emailVerified": true, "firstName": "Jane",
             "lastName": "Doe", "enabled": false, "createdTimestamp": 1764547200000, "attributes": {"plan": ["pro"]}}""";

    private static ObjectNode envelope(Trigger trigger, String data) throws Exception {
        ObjectNode context = PrehookEnvelope.context("203.0.113.9", "Firefox", "en", "shop");
        return PrehookEnvelope.build("m-1", trigger, "r-1", "acme", context, (ObjectNode) JSON.readTree(data), CLOCK);
    }

    private static JsonNode render(Format format, Trigger trigger, String data) throws Exception {
        return JSON.readTree(PrehookBodies.render(format, trigger, envelope(trigger, data)));
    }

    @Test
    void standardIsTheEnvelope() throws Exception {
        ObjectNode envelope = envelope(Trigger.PRE_SIGN_IN, "{\"user\": " + USER + ", \"authMethod\": \"password\"}");
        assertEquals(envelope, JSON.readTree(PrehookBodies.render(Format.STANDARD, Trigger.PRE_SIGN_IN, envelope)));
    }

    @Test
    void helloJohnPreSignUp() throws Exception {
        assertEquals(JSON.readTree("{\"email\": \"jane@example.com\", \"name\": \"Jane Doe\", \"provider\": \"password\", \"tenant_id\": \"acme\"}"),
                render(Format.HELLOJOHN, Trigger.PRE_SIGN_UP, """
                        {"email": "jane@example.com", "username": "jane", "firstName": "Jane", "lastName": "Doe",
                         "attributes": {}, "provider": "form"}"""));
        assertEquals("github", render(Format.HELLOJOHN, Trigger.PRE_SIGN_UP, """
                {"email": "j@example.com", "attributes": {}, "provider": "github",
                 "identityProvider": {"alias": "github", "providerId": "github"}}""").get("provider").asText());
    }

    @ParameterizedTest
    @CsvSource({"PRE_SIGN_IN", "PRE_PASSWORD_RESET"})
    void helloJohnPreSignInAndPasswordReset(Trigger trigger) throws Exception {
        assertEquals(JSON.readTree("""
                {"user": {"id": "u-1", "email": "jane@example.com", "disabled": true}, "ip_address": "203.0.113.9",
                 "user_agent": "Firefox", "tenant_id": "acme"}"""),
                render(Format.HELLOJOHN, trigger, "{\"user\": " + USER + ", \"authMethod\": \"password\"}"));
    }

    @Test
    void helloJohnJwt() throws Exception {
        JsonNode body = render(Format.HELLOJOHN, Trigger.JWT, "{\"user\": " + USER + """
                , "tokenType": "user", "sessionId": "s-1", "organizations": [{"id": "org-1", "alias": "a", "name": "A"}],
                 "roles": {"realm": [], "clients": {}}, "claims": {}}""");
        assertEquals("u-1", body.at("/user/id").asText());
        assertEquals("s-1", body.at("/session/id").asText());
        assertEquals("org-1", body.at("/session/org_id").asText());
        assertEquals("acme", body.get("tenant_id").asText());
    }

    @ParameterizedTest
    @CsvSource({"google, SOCIAL_LOGIN_AUTH", "github, SOCIAL_LOGIN_AUTH", "oidc, OIDC_AUTH", "keycloak-oidc, OIDC_AUTH",
            "saml, SAML_AUTH"})
    void fronteggSignInThroughAnIdentityProvider(String providerId, String eventKey) throws Exception {
        JsonNode body = render(Format.FRONTEGG, Trigger.PRE_SIGN_IN, "{\"user\": " + USER
                + ", \"authMethod\": \"identity_provider\", \"identityProvider\": {\"alias\": \"idp\", \"providerId\": \""
                + providerId + "\"}}");
        assertEquals(eventKey, body.get("eventKey").asText());
        assertEquals("idp", body.at("/data/user/provider").asText());
    }

    @Test
    void fronteggEventKeys() throws Exception {
        assertEquals("USER_LOGIN", render(Format.FRONTEGG, Trigger.PRE_SIGN_IN,
                "{\"user\": " + USER + ", \"authMethod\": \"password\"}").get("eventKey").asText());
        assertEquals("PASSWORD_RESET", render(Format.FRONTEGG, Trigger.PRE_PASSWORD_RESET,
                "{\"user\": " + USER + "}").get("eventKey").asText());
        JsonNode signUp = render(Format.FRONTEGG, Trigger.PRE_SIGN_UP, """
                {"email": "jane@example.com", "firstName": "Jane", "attributes": {}, "provider": "form"}""");
        assertEquals("USER_SIGNUP", signUp.get("eventKey").asText());
        assertEquals("jane@example.com", signUp.at("/data/user/email").asText());
        assertEquals("local", signUp.at("/data/user/provider").asText());
        JsonNode brokered = render(Format.FRONTEGG, Trigger.PRE_SIGN_UP, """
                {"email": "jane@example.com", "attributes": {}, "provider": "google",
                 "identityProvider": {"alias": "google", "providerId": "google"}}""");
        assertEquals("USER_SIGNUP", brokered.get("eventKey").asText(), "both sign-up steps");
        assertEquals("google", brokered.at("/data/user/provider").asText());
    }

    @Test
    void fronteggJwtGeneration() throws Exception {
        String data = "{\"user\": " + USER + """
                , "tokenType": "%s", "client": {"clientId": "shop"}, "sessionId": "s-1",
                 "organizations": [{"id": "org-1", "alias": "a", "name": "A"}],
                 "roles": {"realm": ["admin", "user"], "clients": {"shop": ["read", "write"]}}, "claims": {"sub": "u-1"}}""";
        JsonNode body = render(Format.FRONTEGG, Trigger.JWT, data.formatted("user"));
        assertEquals("JWT_GENERATION", body.get("eventKey").asText());
        JsonNode jwt = body.get("data");
        assertEquals("u-1", jwt.get("sub").asText());
        assertEquals("org-1", jwt.get("tenantId").asText());
        assertEquals("[\"admin\",\"user\"]", jwt.get("roles").toString());
        assertEquals("[\"shop.read\",\"shop.write\"]", jwt.get("permissions").toString());
        assertEquals("pro", JSON.readTree(jwt.get("metadata").asText()).at("/plan/0").asText());
        assertEquals("userToken", jwt.get("type").asText());
        assertEquals("tenantApiToken", render(Format.FRONTEGG, Trigger.JWT, data.formatted("service_account"))
                .at("/data/type").asText());
    }

    @Test
    void eachFormatIsRenderedOncePerRequest() throws Exception {
        var bodies = PrehookBodies.perFormat(Trigger.PRE_SIGN_IN, envelope(Trigger.PRE_SIGN_IN,
                "{\"user\": " + USER + ", \"authMethod\": \"password\"}"));
        assertTrue(bodies.apply(Format.FRONTEGG) == bodies.apply(Format.FRONTEGG));
        assertFalse(new String(bodies.apply(Format.HELLOJOHN)).contains("eventKey"));
    }
}
