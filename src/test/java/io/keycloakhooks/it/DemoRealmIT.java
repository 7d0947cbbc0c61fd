package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

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
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.RegisterPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.keycloak.testsuite.util.oauth.AccessTokenResponse;
import org.keycloak.util.JsonSerialization;
import org.openqa.selenium.By;
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

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    RegisterPage registerPage;

    /** The demo receiver's own code answers the demo realm's prehooks; the rest goes to {@link #receiver}. */
    static final List<String> DEMO_DECISION_PATHS = List.of(DemoReceiver.JWT_CLAIMS_PATH, DemoReceiver.PRE_SIGN_UP_PATH,
            DemoReceiver.PRE_SIGN_IN_PATH);

    @BeforeEach
    void importDemoRealm() throws IOException {
        receiver = new HookReceiver(httpServer, "/demo-receiver");
        for (String path : DEMO_DECISION_PATHS) {
            httpServer.createContext("/demo-receiver" + path, exchange -> {
                decided.add(path);
                DemoReceiver.handle(exchange, DEMO_SECRET);
            });
        }
        String json;
        try (InputStream in = getClass().getResourceAsStream("/demo-realm.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        json = json.replace("${HOOKS_DEMO_RECEIVER_URL}", receiver.url()).replace("${HOOKS_DEMO_SECRET}", DEMO_SECRET);
        admin.realms().create(JsonSerialization.readValue(json, RealmRepresentation.class));
    }

    final List<String> decided = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void removeDemoRealm() {
        receiver.stop();
        DEMO_DECISION_PATHS.forEach(path -> httpServer.removeContext("/demo-receiver" + path));
        driver.cookies().deleteAll();
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
        AccessTokenResponse response = oauth.realm("demo").client("demo-app").scope("openid")
                .doPasswordGrantRequest("demo", "demo");
        assertEquals(200, response.getStatusCode(), response.getErrorDescription());
        JsonNode access = JsonSerialization.readValue(java.util.Base64.getUrlDecoder()
                .decode(response.getAccessToken().split("\\.")[1]), JsonNode.class);
        assertEquals("pro", access.get("demo_plan").asText(), access.toString());
        assertEquals("Hello from the demo receiver", access.get("demo_greeting").asText());
        assertTrue(decided.contains(DemoReceiver.PRE_SIGN_IN_PATH), "the sign-in hook was asked: " + decided);
    }

    /** The demo's flows are wired: coverage is complete for its sign-up and sign-in prehooks, and apply has nothing to do. */
    @Test
    void demoFlowsCoverEveryPathOfTheSignUpAndSignInPrehooks() {
        AdminHttp http = new AdminHttp(urls.getBase());
        String token = http.userToken("master", "admin", "admin");
        JsonNode coverage = http.getHooks("demo", "coverage", token).json();
        for (JsonNode trigger : coverage.get("triggers")) {
            String name = trigger.get("trigger").asText();
            if (!name.equals("jwt")) {
                assertTrue(trigger.get("complete").asBoolean(), coverage.toString());
                continue;
            }
            for (JsonNode path : trigger.get("paths")) {
                boolean demoApp = path.get("client").asText().equals("demo-app");
                assertEquals(demoApp, path.get("covered").asBoolean(), path.toString());
            }
        }
        assertEquals(List.of("pre_sign_up", "pre_sign_in", "jwt"),
                coverage.get("triggers").findValuesAsText("trigger"), coverage.toString());
        JsonNode applied = http.hooks("POST", "demo", "coverage/apply?dryRun=false", token, null).json();
        assertEquals(0, applied.get("changes").size(), applied.toString());
    }

    @Test
    void demoRegistrationRejectsTheBlockedDomain() {
        openRegistrationFromTheAccountConsole();
        registerPage.register("Eve", "Blocked", "eve@" + DemoReceiver.BLOCKED_DOMAIN, "eve", "Eve-pass-123");

        String top = driver.findElement(By.className("kc-feedback-text")).getText();
        assertTrue(top.contains("Sign-ups from blocked.example are not accepted in this demo."), top);
        assertEquals("Please use another email domain.", driver.findElement(By.id("input-error-email")).getText());
        assertTrue(admin.realm("demo").users().searchByUsername("eve", true).isEmpty(), "no user created");
    }

    @Test
    void demoRegistrationAcceptsOtherDomains() {
        openRegistrationFromTheAccountConsole();
        registerPage.register("Finn", "Allowed", "finn@example.com", "finn", "Finn-pass-123");
        // the submit can return before Keycloak has finished the registration
        Polls.until(() -> !admin.realm("demo").users().searchByUsername("finn", true).isEmpty(), Duration.ofSeconds(10));
        assertEquals(1, admin.realm("demo").users().searchByUsername("finn", true).size());
        assertTrue(decided.contains(DemoReceiver.PRE_SIGN_UP_PATH), "the sign-up hook was asked: " + decided);
    }

    /** As a visitor does: the account console sends them to the login page, whose link opens the registration. */
    private void openRegistrationFromTheAccountConsole() {
        driver.open(urls.getBase() + "/realms/demo/account");
        driver.findElement(By.cssSelector("#kc-registration a")).click();
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
