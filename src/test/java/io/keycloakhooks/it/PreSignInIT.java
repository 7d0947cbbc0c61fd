package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectHttpServer;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.realm.UserBuilder;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.keycloak.testsuite.util.oauth.AccessTokenResponse;
import org.keycloak.util.JsonSerialization;
import org.openqa.selenium.By;

/** {@code hooks-pre-sign-in} in the direct grant and browser flows of a real Keycloak, with a real receiver. */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class PreSignInIT {

    static final String PASSWORD = "Alice-pass-1";
    static final String SECRET = "a-pre-sign-in-secret-of-more-than-32-chars";
    static final String DIRECT_GRANT = "direct grant with hooks";
    static final String BROWSER = "browser with hooks";

    @InjectRealm(config = SignInRealm.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak masterAdmin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectHttpServer
    HttpServer httpServer;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectPage
    LoginPage loginPage;

    HookReceiver receiver;
    AdminHttp http;

    @BeforeEach
    void setUp() {
        receiver = new HookReceiver(httpServer, "/pre-sign-in");
        http = new AdminHttp(urls.getBase());
        Flows.copyWithStep(realm.admin().flows(), "direct grant", DIRECT_GRANT, DIRECT_GRANT, "hooks-pre-sign-in", null);
        Flows.copyWithStep(realm.admin().flows(), "browser", BROWSER, BROWSER + " forms", "hooks-pre-sign-in", null);
        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.setDirectGrantFlow(DIRECT_GRANT);
        rep.setBrowserFlow(BROWSER);
        realm.admin().update(rep);
        createPrehook("gate", "open");
    }

    @AfterEach
    void tearDown() {
        receiver.stop();
        String token = masterAdmin.tokenManager().getAccessTokenString();
        for (String id : List.of("gate", "second")) {
            http.hooks("DELETE", realm.getName(), "prehooks/" + id, token, null);
        }
        realm.admin().attackDetection().clearAllBruteForce();
        realm.admin().clearEvents();
    }

    @Test
    void directGrantDenialIsAnOAuthErrorWithTheHooksMessage() throws Exception {
        receiver.respond(200, "{\"allow\": false, \"reason\": \"Your trial has ended.\"}");

        AccessTokenResponse response = oauth.realm(realm.getName()).doPasswordGrantRequest("alice", PASSWORD);

        assertEquals(403, response.getStatusCode());
        assertEquals("access_denied", response.getError());
        assertEquals("Your trial has ended.", response.getErrorDescription());
        HookReceiver.Received request = receiver.await(r -> true, Duration.ofSeconds(10));
        ReceiverSignatures.verifyAll(request, SECRET, urls.getBase() + "/realms/" + realm.getName());
        JsonNode envelope = JsonSerialization.readValue(request.body(), JsonNode.class);
        assertEquals("pre_sign_in", envelope.get("type").asText());
        assertEquals("alice", envelope.get("data").get("user").get("username").asText());
        assertEquals("alice@acme.test", envelope.get("data").get("user").get("email").asText());
        assertEquals("direct_grant", envelope.get("data").get("authMethod").asText());
        assertEquals("test-app", envelope.get("context").get("client").get("clientId").asText());
        assertNotNull(envelope.get("context").get("ipAddress").asText());
    }

    /**
     * A webhook for {@code user.*} gets the login that passed the prehook: deciding {@code user.authenticatedWithMFA}
     * looks at the session's completed steps, and the prehook step has no authenticator category.
     */
    @Test
    void directGrantAllowedIssuesTokensAndTheLoginReachesWebhooks() {
        HookReceiver webhooks = new HookReceiver(httpServer, "/webhooks");
        String token = masterAdmin.tokenManager().getAccessTokenString();
        AdminHttp.Response created = http.hooks("POST", realm.getName(), "webhooks", token, """
                {"id": "all-user-events", "url": "%s", "events": ["user.*"], "secret": "%s"}
                """.formatted(webhooks.url(), SECRET));
        assertEquals(201, created.status(), created.body());
        try {
            receiver.respond(200, "{\"continue\": true}");
            AccessTokenResponse response = oauth.realm(realm.getName()).doPasswordGrantRequest("alice", PASSWORD);
            assertEquals(200, response.getStatusCode(), response.getErrorDescription());
            assertNotNull(response.getAccessToken());
            HookReceiver.Received login = webhooks.await(r -> "user.authenticated".equals(parse(r).get("type").asText()),
                    Duration.ofSeconds(10));
            assertEquals("alice", parse(login).at("/data/user/username").asText());
        } finally {
            webhooks.stop();
            http.hooks("DELETE", realm.getName(), "webhooks/all-user-events", token, null);
        }
    }

    @Test
    void repeatedDenialsDoNotLockTheUserAndAreLoginErrorEvents() {
        receiver.respond(200, "{\"continue\": false, \"error\": {\"message\": \"Not now\"}}");
        for (int i = 0; i < 4; i++) {
            assertEquals(403, oauth.realm(realm.getName()).doPasswordGrantRequest("alice", PASSWORD).getStatusCode());
        }
        receiver.respond(204, "");
        AccessTokenResponse allowed = oauth.realm(realm.getName()).doPasswordGrantRequest("alice", PASSWORD);
        assertEquals(200, allowed.getStatusCode(), "brute force (failureFactor 2) did not count the denials: "
                + allowed.getErrorDescription());

        List<EventRepresentation> errors = realm.admin().getEvents(List.of("LOGIN_ERROR"), null, null, null, null, null, 0, 50);
        assertEquals(4, errors.stream().filter(e -> "hooks_denied".equals(e.getError())).count(), errors.toString());
        assertTrue(errors.stream().allMatch(e -> "gate".equals(e.getDetails().get("hook"))));
    }

    @Test
    void failModesDecideWhenTheHookIsDown() {
        receiver.respond(500, "");
        assertEquals(200, oauth.realm(realm.getName()).doPasswordGrantRequest("alice", PASSWORD).getStatusCode(), "open");

        createPrehook("second", "closed");
        AccessTokenResponse closed = oauth.realm(realm.getName()).doPasswordGrantRequest("alice", PASSWORD);
        assertEquals(403, closed.getStatusCode());
        assertEquals("This action cannot be completed right now. Please try again in a few minutes.", closed.getErrorDescription());
    }

    /**
     * A vault secret that resolves to a value that cannot sign (not base64 after whsec_) is a failed call with a
     * reason, decided by the fail mode: never an HTTP 500 for the login. The endpoint is never asked.
     */
    @Test
    void aSecretThatCannotSignIsAFailedCallDecidedByTheFailMode() {
        HooksServerConfig.putVaultSecret(realm.getName(), "broken", "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        String token = masterAdmin.tokenManager().getAccessTokenString();
        AdminHttp.Response updated = http.hooks("PUT", realm.getName(), "prehooks/gate", token, """
                {"trigger": "pre_sign_in", "url": "%s", "secret": "${vault.broken}", "failMode": "open", "timeoutMs": 2000}
                """.formatted(receiver.url()));
        assertEquals(200, updated.status(), updated.body());
        assertEquals(200, oauth.realm(realm.getName()).doPasswordGrantRequest("alice", PASSWORD).getStatusCode(),
                "open: the login goes on");

        AdminHttp.Response closed = http.hooks("POST", realm.getName(), "prehooks", token, """
                {"id": "second", "trigger": "pre_sign_in", "url": "%s", "secret": "${vault.broken}", "failMode": "closed"}
                """.formatted(receiver.url()));
        assertEquals(201, closed.status(), closed.body());
        AccessTokenResponse denied = oauth.realm(realm.getName()).doPasswordGrantRequest("alice", PASSWORD);
        assertEquals(403, denied.getStatusCode(), "closed: the login stops");
        assertEquals("This action cannot be completed right now. Please try again in a few minutes.",
                denied.getErrorDescription());
        assertEquals(List.of(), receiver.received(), "no request went out unsigned or signed wrongly");

        AdminHttp.Response test = http.hooks("POST", realm.getName(), "prehooks/second/test", token, null);
        assertEquals(200, test.status(), "the test action answers with the failure: " + test.body());
        assertEquals("failure", test.json().get("decision").asText());
        assertTrue(test.json().get("error").asText().contains("could not be signed"), test.body());
        assertFalse(test.body().contains("AAAAAAAAAAAA"), "the secret is not quoted");
    }

    @Test
    void browserDenialShowsTheMessageAsPlainTextOnEveryTheme() {
        receiver.respond(200, HookTextOnPages.denial(null));
        for (String theme : HookTextOnPages.LOGIN_THEMES) {
            HookTextOnPages.useLoginTheme(realm, theme);
            // on a page of the realm, so the realm's session cookies are the ones deleted
            driver.driver().get(urls.getBase() + "/realms/" + realm.getName() + "/.well-known/openid-configuration");
            driver.cookies().deleteAll();
            signInThroughTheBrowser();
            String shown = driver.findElement(By.className("kc-feedback-text")).getText();
            assertEquals(HookTextOnPages.MESSAGE, HookTextOnPages.visible(shown).trim(), theme);
            HookTextOnPages.assertShownAsText(driver, theme);
            assertTrue(driver.findElement(By.id("backToLogin")).isDisplayed(), theme);
        }
    }

    @Test
    void browserSignInGoesOnWhenAllowed() {
        receiver.respond(204, "");
        signInThroughTheBrowser();
        Redirects.awaitCode(driver);
        JsonNode envelope = parse(receiver.await(r -> true, Duration.ofSeconds(10)));
        assertEquals("password", envelope.get("data").get("authMethod").asText());
    }

    private void signInThroughTheBrowser() {
        oauth.realm(realm.getName()).openLoginForm();
        loginPage.fillLogin("alice", PASSWORD);
        loginPage.submit();
    }

    private static JsonNode parse(HookReceiver.Received request) {
        try {
            return JsonSerialization.readValue(request.body(), JsonNode.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private void createPrehook(String id, String failMode) {
        String token = masterAdmin.tokenManager().getAccessTokenString();
        AdminHttp.Response created = http.hooks("POST", realm.getName(), "prehooks", token, """
                {"id": "%s", "trigger": "pre_sign_in", "url": "%s", "secret": "%s", "failMode": "%s", "timeoutMs": 2000}
                """.formatted(id, receiver.url(), SECRET, failMode));
        assertEquals(201, created.status(), created.body());
    }

    public static class SignInRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.bruteForceProtected(true).failureFactor(2).eventsEnabled(true)
                    .users(UserBuilder.create("alice").email("alice@acme.test").name("Alice", "Example").password(PASSWORD));
        }
    }
}
