package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectHttpServer;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.testsuite.util.oauth.AccessTokenResponse;
import org.keycloak.util.JsonSerialization;
import receiver.DemoReceiver;

/**
 * The realm ./demo.sh imports is valid: its demo user and clients work, and its webhook, with the ${...}
 * placeholders filled in as Keycloak's startup import does, reaches a receiver that verifies its signatures.
 */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class DemoRealmIT {

    static final String DEMO_SECRET = "whsec_QWic4rvfEuLnP3dK38rYH0tmRZggmyGuN4Kb+ZsFZS0=";

    @InjectAdminClient
    Keycloak admin;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectHttpServer
    HttpServer httpServer;

    HookReceiver receiver;

    @BeforeEach
    void importDemoRealm() throws IOException {
        receiver = new HookReceiver(httpServer, "/demo-receiver");
        String json;
        try (InputStream in = getClass().getResourceAsStream("/demo-realm.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        json = json.replace("${HOOKS_DEMO_RECEIVER_URL}", receiver.url()).replace("${HOOKS_DEMO_SECRET}", DEMO_SECRET);
        admin.realms().create(JsonSerialization.readValue(json, RealmRepresentation.class));
    }

    @AfterEach
    void removeDemoRealm() {
        receiver.stop();
        admin.realm("demo").remove();
    }

    @Test
    void demoUserSignsInThroughTheDemoApp() {
        AccessTokenResponse response = oauth.realm("demo").client("demo-app").doPasswordGrantRequest("demo", "demo");
        assertEquals(200, response.getStatusCode(), response.getErrorDescription());
        assertNotNull(response.getAccessToken());
    }

    @Test
    void demoAppTokensCarryTheDemoReceiversClaim() throws Exception {
        String path = "/demo-receiver" + DemoReceiver.JWT_CLAIMS_PATH;
        httpServer.createContext(path, exchange -> DemoReceiver.handle(exchange, DEMO_SECRET));
        try {
            AccessTokenResponse response = oauth.realm("demo").client("demo-app").scope("openid")
                    .doPasswordGrantRequest("demo", "demo");
            assertEquals(200, response.getStatusCode(), response.getErrorDescription());
            JsonNode access = JsonSerialization.readValue(java.util.Base64.getUrlDecoder()
                    .decode(response.getAccessToken().split("\\.")[1]), JsonNode.class);
            assertEquals("pro", access.get("demo_plan").asText(), access.toString());
            assertEquals("Hello from the demo receiver", access.get("demo_greeting").asText());
        } finally {
            httpServer.removeContext(path);
        }
    }

    @Test
    void demoServiceGetsClientCredentialsTokens() {
        AccessTokenResponse response = oauth.realm("demo").client("demo-service", "demo-service-secret")
                .doClientCredentialsGrantAccessTokenRequest();
        assertEquals(200, response.getStatusCode(), response.getErrorDescription());
        assertNotNull(response.getAccessToken());
    }

    @Test
    void demoWebhookReachesAReceiverThatVerifiesItsSignatures() throws Exception {
        AdminHttp http = new AdminHttp(urls.getBase());
        String token = admin.tokenManager().getAccessTokenString();
        JsonNode webhook = http.getHooks("demo", "webhooks/demo-receiver", token).json();
        assertTrue(webhook.get("valid").asBoolean(), webhook.toString());

        JsonNode attempt = http.hooks("POST", "demo", "webhooks/demo-receiver/test", token, null).json();

        assertTrue(attempt.get("success").asBoolean(), attempt.toString());
        HookReceiver.Received request = receiver.await(r -> true, Duration.ofSeconds(10));
        assertTrue(request.header("user-agent").startsWith("keycloak-hooks/"));
        ReceiverSignatures.verifyAll(request, DEMO_SECRET, urls.getBase() + "/realms/demo");
    }
}
