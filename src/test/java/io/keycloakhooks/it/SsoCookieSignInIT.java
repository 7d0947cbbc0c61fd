package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
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
import org.keycloak.util.JsonSerialization;
import org.openqa.selenium.By;

/**
 * The browser-flow layout of the README that also covers sign-in by SSO cookie: the usual alternatives (cookie,
 * identity provider redirector, forms) wrapped in a REQUIRED sub-flow, and {@code hooks-pre-sign-in} REQUIRED after
 * it, so it runs whichever alternative identified the user.
 */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class SsoCookieSignInIT {

    static final String SECRET = "an-sso-cookie-sign-in-secret-of-32-chars";
    static final String PASSWORD = "Olga-pass-1";
    static final String FLOW = "browser with sign-in hooks";

    @InjectRealm(config = CookieRealm.class)
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
        receiver = new HookReceiver(httpServer, "/sso-sign-in");
        http = new AdminHttp(urls.getBase());
        AuthenticationManagementResource flows = realm.admin().flows();
        if (flows.getFlows().stream().noneMatch(f -> f.getAlias().equals(FLOW))) {
            buildFlow(flows);
            RealmRepresentation rep = realm.admin().toRepresentation();
            rep.setBrowserFlow(FLOW);
            realm.admin().update(rep);
        }
        String token = masterAdmin.tokenManager().getAccessTokenString();
        AdminHttp.Response created = http.hooks("POST", realm.getName(), "prehooks", token, """
                {"id": "sso", "trigger": "pre_sign_in", "url": "%s", "secret": "%s", "timeoutMs": 2000}
                """.formatted(receiver.url(), SECRET));
        assertEquals(201, created.status(), created.body());
        driver.cookies().deleteAll();
    }

    @AfterEach
    void tearDown() {
        receiver.stop();
        http.hooks("DELETE", realm.getName(), "prehooks/sso", masterAdmin.tokenManager().getAccessTokenString(), null);
        realm.admin().clearEvents();
    }

    @Test
    void aSignInByCookieAlsoAsksTheHookAndCanBeDenied() throws Exception {
        receiver.respond(204, "");
        oauth.realm(realm.getName()).openLoginForm();
        loginPage.fillLogin("olga", PASSWORD);
        loginPage.submit();
        Redirects.awaitCode(driver);
        assertEquals("password", authMethod(receiver.await(r -> true, Duration.ofSeconds(10))));

        receiver.clear();
        oauth.realm(realm.getName()).openLoginForm();
        Redirects.awaitCode(driver, () -> " (signed in by the cookie, no login form)");
        assertEquals("sso_cookie", authMethod(receiver.await(r -> true, Duration.ofSeconds(10))));

        receiver.clear();
        receiver.respond(200, "{\"allow\": false, \"reason\": \"Your session was revoked by policy.\"}");
        oauth.realm(realm.getName()).openLoginForm();
        assertEquals("Your session was revoked by policy.", driver.findElement(By.className("kc-feedback-text")).getText());
        assertTrue(!driver.getCurrentUrl().contains("code="), driver.getCurrentUrl());
        assertEquals("sso_cookie", authMethod(receiver.await(r -> true, Duration.ofSeconds(10))));
        List<EventRepresentation> errors = realm.admin().getEvents(List.of("LOGIN_ERROR"), null, null, null, null, null, 0, 10);
        assertTrue(errors.stream().anyMatch(e -> "hooks_denied".equals(e.getError()) && "sso".equals(e.getDetails().get("hook"))),
                errors.toString());
    }

    private static String authMethod(HookReceiver.Received request) throws java.io.IOException {
        return JsonSerialization.readValue(request.body(), JsonNode.class).get("data").get("authMethod").asText();
    }

    /**
     * FLOW: [sign-in REQUIRED: cookie ALTERNATIVE, identity provider redirector ALTERNATIVE,
     * forms ALTERNATIVE: [username password form REQUIRED]], hooks-pre-sign-in REQUIRED.
     */
    private static void buildFlow(AuthenticationManagementResource flows) {
        AuthenticationFlowRepresentation top = new AuthenticationFlowRepresentation();
        top.setAlias(FLOW);
        top.setProviderId("basic-flow");
        top.setTopLevel(true);
        top.setBuiltIn(false);
        flows.createFlow(top).close();
        String signIn = FLOW + " sign-in";
        String forms = FLOW + " forms";
        flows.addExecutionFlow(FLOW, Map.of("alias", signIn, "type", "basic-flow"));
        flows.addExecution(signIn, Map.of("provider", "auth-cookie"));
        flows.addExecution(signIn, Map.of("provider", "identity-provider-redirector"));
        flows.addExecutionFlow(signIn, Map.of("alias", forms, "type", "basic-flow"));
        flows.addExecution(forms, Map.of("provider", "auth-username-password-form"));
        flows.addExecution(FLOW, Map.of("provider", "hooks-pre-sign-in"));
        for (AuthenticationExecutionInfoRepresentation step : flows.getExecutions(FLOW)) {
            String requirement;
            if (Boolean.TRUE.equals(step.getAuthenticationFlow())) {
                requirement = step.getDisplayName().equals(forms) ? "ALTERNATIVE" : "REQUIRED";
            } else {
                requirement = switch (step.getProviderId()) {
                    case "auth-cookie", "identity-provider-redirector" -> "ALTERNATIVE";
                    default -> "REQUIRED";
                };
            }
            step.setRequirement(requirement);
            flows.updateExecutions(FLOW, step);
        }
    }

    public static class CookieRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.eventsEnabled(true)
                    .users(UserBuilder.create("olga").email("olga@acme.test").name("Olga", "Example").password(PASSWORD));
        }
    }
}
