package io.keycloakhooks.it;

import static io.keycloakhooks.it.JwtClaimsIT.JSON;
import static io.keycloakhooks.it.JwtClaimsIT.form;
import static io.keycloakhooks.it.JwtClaimsIT.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.keycloakhooks.it.JwtClaimsIT.Raw;
import io.keycloakhooks.it.JwtClaimsIT.Token;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectHttpServer;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.realm.UserBuilder;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.page.OAuthGrantPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;

/**
 * The mapper {@code hooks-jwt-claims} on the grants {@link JwtClaimsIT} does not cover: standard token exchange
 * (v2) and the device authorization grant (the user approves the device code in a real browser), and the jwt
 * prehook's admin test action.
 */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class JwtClaimsGrantsIT {

    static final String PASSWORD = "Alice-pass-1";
    static final String SECRET = "a-jwt-prehook-secret-of-more-than-32-chars";
    /** Gets the user's token; no hooks mapper; its tokens name {@link #EXCHANGER} as an audience. */
    static final String FRONT = "app-front";
    /** Exchanges {@link #FRONT}'s tokens (standard token exchange on); has the hooks mapper. */
    static final String EXCHANGER = "app-exchanger";
    /** Device authorization grant on; has the hooks mapper. */
    static final String DEVICE = "app-device";
    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";

    @InjectRealm(config = GrantsRealm.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak masterAdmin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectHttpServer
    HttpServer httpServer;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    LoginPage loginPage;

    @InjectPage
    OAuthGrantPage grantPage;

    HookReceiver receiver;
    AdminHttp http;
    final List<String> hooks = new ArrayList<>();

    @BeforeEach
    void setUp() {
        receiver = new HookReceiver(httpServer, "/jwt-grants");
        http = new AdminHttp(urls.getBase());
    }

    @AfterEach
    void tearDown() {
        receiver.stop();
        String token = masterAdmin.tokenManager().getAccessTokenString();
        for (String id : hooks) {
            http.hooks("DELETE", realm.getName(), "prehooks/" + id, token, null);
        }
    }

    @Test
    void tokenExchangeTokensGetTheClaims() throws Exception {
        receiver.respond(200, "{\"customClaims\": {\"plan\": \"exchanged\"}}");
        createHook("exchange", "open");
        Token subject = tokenRequest(form("grant_type", "password", "client_id", FRONT, "client_secret", secretOf(FRONT),
                "username", "alice", "password", PASSWORD, "scope", "openid"));
        assertEquals(200, subject.status(), subject.body().toString());
        assertNull(subject.access().get("plan"), "the front client has no hooks mapper");
        assertTrue(receiver.received().isEmpty(), receiver.received().toString());

        Token exchanged = tokenRequest(form("grant_type", TOKEN_EXCHANGE, "client_id", EXCHANGER,
                "client_secret", secretOf(EXCHANGER), "subject_token", subject.accessToken(),
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"));

        assertEquals(200, exchanged.status(), exchanged.body().toString());
        assertEquals("exchanged", exchanged.access().get("plan").asText(), exchanged.access().toString());
        assertEquals(EXCHANGER, exchanged.access().get("azp").asText());
        assertEquals(1, receiver.received().size());
        JsonNode data = JSON.readTree(receiver.received().get(0).body()).get("data");
        assertEquals(TOKEN_EXCHANGE, data.get("grantType").asText());
        assertEquals("user", data.get("tokenType").asText());
        assertEquals("alice", data.get("user").get("username").asText());
        assertEquals(EXCHANGER, data.get("client").get("clientId").asText());
    }

    @Test
    void tokenExchangeFailsClosed() {
        receiver.respond(500, "");
        createHook("exchange-closed", "closed");
        Token subject = tokenRequest(form("grant_type", "password", "client_id", FRONT, "client_secret", secretOf(FRONT),
                "username", "alice", "password", PASSWORD, "scope", "openid"));
        assertEquals(200, subject.status(), subject.body().toString());

        Token exchanged = tokenRequest(form("grant_type", TOKEN_EXCHANGE, "client_id", EXCHANGER,
                "client_secret", secretOf(EXCHANGER), "subject_token", subject.accessToken(),
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"));

        assertEquals(503, exchanged.status(), exchanged.body().toString());
        assertEquals("temporarily_unavailable", exchanged.body().path("error").asText());
        assertNull(exchanged.body().get("access_token"));
    }

    @Test
    void deviceGrantTokensGetTheClaims() throws Exception {
        receiver.respond(200, "{\"customClaims\": {\"plan\": \"device\"}}");
        createHook("device", "open");
        Raw authorization = send(HttpRequest.newBuilder(URI.create(oidc() + "/auth/device"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form("client_id", DEVICE, "client_secret", secretOf(DEVICE),
                        "scope", "openid")))
                .build());
        assertEquals(200, authorization.status(), authorization.body());
        JsonNode device = authorization.json();
        String deviceCode = device.get("device_code").asText();
        Token pending = deviceToken(deviceCode);
        assertEquals(400, pending.status(), pending.body().toString());
        assertEquals("authorization_pending", pending.body().path("error").asText(), pending.body().toString());

        // the user approves on another device: signs in and grants access in the browser
        driver.open(device.get("verification_uri_complete").asText());
        loginPage.fillLogin("alice", PASSWORD);
        loginPage.submit();
        driver.waiting().waitForPage(grantPage);
        grantPage.accept();

        Token token = awaitDeviceToken(deviceCode, device.path("interval").asInt(5));

        assertEquals(200, token.status(), token.body().toString());
        assertEquals("device", token.access().get("plan").asText(), token.access().toString());
        assertEquals("device", token.id().get("plan").asText());
        assertEquals(1, receiver.received().size(), "one call for the device token request");
        JsonNode data = JSON.readTree(receiver.received().get(0).body()).get("data");
        assertEquals(DEVICE_CODE, data.get("grantType").asText());
        assertEquals("user", data.get("tokenType").asText());
        assertEquals("alice", data.get("user").get("username").asText());
        assertEquals(token.access().get("sid").asText(), data.get("sessionId").asText());
    }

    @Test
    void theJwtTestActionReturnsTheClaimsATokenWouldGet() throws Exception {
        createHook("sample", "closed");
        receiver.respond(200, "{\"customClaims\": {\"plan\": \"pro\", \"sub\": \"evil\", \"iss\": \"evil\"}}");
        String token = masterAdmin.tokenManager().getAccessTokenString();

        JsonNode result = http.hooks("POST", realm.getName(), "prehooks/sample/test", token, null).json();

        assertEquals("jwt", result.get("trigger").asText(), result.toString());
        assertEquals("claims", result.get("decision").asText(), result.toString());
        assertEquals(JSON.readTree("{\"plan\": \"pro\"}"), result.get("claims"));
        assertEquals(JSON.readTree("[\"sub\", \"iss\"]"), result.get("droppedClaims"));
        assertTrue(result.get("proceeds").asBoolean());
        assertEquals(200, result.get("status").asInt());
        assertTrue(result.get("error").isNull(), result.toString());
        assertTrue(result.has("messageId") && result.has("latencyMs"), result.toString());
        HookReceiver.Received request = receiver.await(r -> true, Duration.ofSeconds(10));
        ReceiverSignatures.verifyAll(request, SECRET, urls.getBase() + "/realms/" + realm.getName());
        JsonNode envelope = JSON.readTree(request.body());
        assertEquals("jwt", envelope.get("type").asText());
        assertTrue(envelope.get("test").asBoolean());
        assertEquals(result.get("messageId").asText(), envelope.get("id").asText());
        JsonNode data = envelope.get("data");
        for (String field : List.of("user", "tokenType", "client", "grantType", "scope", "sessionId", "organizations",
                "roles", "claims")) {
            assertTrue(data.has(field), field + " in " + data);
        }

        receiver.respond(200, "{\"customClaims\": {\"big\": \"" + "x".repeat(16 * 1024) + "\"}}");
        JsonNode oversize = http.hooks("POST", realm.getName(), "prehooks/sample/test", token, null).json();
        assertEquals("failure", oversize.get("decision").asText(), oversize.toString());
        assertTrue(oversize.get("error").asText().contains("more than 16384"), oversize.toString());
        assertTrue(oversize.get("claims").isEmpty());
        assertEquals(false, oversize.get("proceeds").asBoolean(), "fail closed: no token");

        receiver.respond(200, "<html>not json</html>");
        JsonNode garbage = http.hooks("POST", realm.getName(), "prehooks/sample/test", token, null).json();
        assertEquals("failure", garbage.get("decision").asText(), garbage.toString());
        assertEquals("the response body is not JSON", garbage.get("error").asText());

        receiver.respond(502, "");
        JsonNode status = http.hooks("POST", realm.getName(), "prehooks/sample/test", token, null).json();
        assertEquals("status 502", status.get("error").asText(), status.toString());
        assertEquals(502, status.get("status").asInt());
    }

    // --- helpers

    private Token deviceToken(String deviceCode) {
        return tokenRequest(form("grant_type", DEVICE_CODE, "client_id", DEVICE, "client_secret", secretOf(DEVICE),
                "device_code", deviceCode));
    }

    /**
     * Polls the token endpoint as a device would, at the server's interval, while it answers "pending" or "slow
     * down" (a poll sooner than the interval after the previous one), up to a deadline.
     */
    private Token awaitDeviceToken(String deviceCode, int intervalSeconds) {
        Instant deadline = Instant.now().plusSeconds(30);
        Token token = deviceToken(deviceCode);
        while (token.status() == 400 && List.of("authorization_pending", "slow_down")
                .contains(token.body().path("error").asText()) && Instant.now().isBefore(deadline)) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(intervalSeconds).toNanos());
            token = deviceToken(deviceCode);
        }
        return token;
    }

    private void createHook(String id, String failMode) {
        String token = masterAdmin.tokenManager().getAccessTokenString();
        AdminHttp.Response created = http.hooks("POST", realm.getName(), "prehooks", token, """
                {"id": "%s", "trigger": "jwt", "url": "%s", "secret": "%s", "failMode": "%s", "timeoutMs": 2000}
                """.formatted(id, receiver.url(), SECRET, failMode));
        assertEquals(201, created.status(), created.body());
        hooks.add(id);
    }

    private Token tokenRequest(String form) {
        Raw response = send(HttpRequest.newBuilder(URI.create(oidc() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        return new Token(response.status(), response.json());
    }

    private String oidc() {
        return urls.getBase() + "/realms/" + realm.getName() + "/protocol/openid-connect";
    }

    private static String secretOf(String clientId) {
        return clientId + "-secret";
    }

    // --- realm

    public static class GrantsRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            ClientRepresentation front = client(FRONT, false, Map.of());
            front.setDirectAccessGrantsEnabled(true);
            front.setProtocolMappers(List.of(audience(EXCHANGER)));
            ClientRepresentation exchanger = client(EXCHANGER, true, Map.of("standard.token.exchange.enabled", "true"));
            ClientRepresentation device = client(DEVICE, true, Map.of("oauth2.device.authorization.grant.enabled", "true"));
            return realm.clients(front, exchanger, device)
                    .users(UserBuilder.create("alice").email("alice@acme.test").emailVerified(true)
                            .name("Alice", "Example").password(PASSWORD));
        }

        private static ClientRepresentation client(String clientId, boolean hooksMapper, Map<String, String> attributes) {
            ClientRepresentation client = new ClientRepresentation();
            client.setClientId(clientId);
            client.setSecret(secretOf(clientId));
            client.setPublicClient(false);
            client.setEnabled(true);
            client.setStandardFlowEnabled(false);
            client.setDirectAccessGrantsEnabled(false);
            client.setProtocol("openid-connect");
            client.setAttributes(new LinkedHashMap<>(attributes));
            if (hooksMapper) {
                ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
                mapper.setName("custom claims");
                mapper.setProtocol("openid-connect");
                mapper.setProtocolMapper("hooks-jwt-claims");
                mapper.setConfig(Map.of("access.token.claim", "true", "id.token.claim", "true",
                        "userinfo.token.claim", "true", "introspection.token.claim", "true"));
                client.setProtocolMappers(List.of(mapper));
            }
            return client;
        }

        private static ProtocolMapperRepresentation audience(String clientId) {
            ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
            audience.setName("audience " + clientId);
            audience.setProtocol("openid-connect");
            audience.setProtocolMapper("oidc-audience-mapper");
            audience.setConfig(Map.of("included.client.audience", clientId, "access.token.claim", "true",
                    "introspection.token.claim", "true"));
            return audience;
        }
    }
}
