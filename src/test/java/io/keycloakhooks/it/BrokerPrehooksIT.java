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
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectHttpServer;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ClientBuilder;
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
 * Sign-up and sign-in through an identity provider: a second realm on the same Keycloak is the OIDC provider
 * ({@code partner}); the test realm's first-broker-login flow has {@code hooks-pre-sign-up-broker} and its post-login
 * flow {@code hooks-pre-sign-in}. Driven in Chromium, with real receivers.
 */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class BrokerPrehooksIT {

    static final String SECRET = "a-broker-prehooks-secret-of-32-chars-or-more";
    static final String IDP = "partner";
    static final String FIRST_LOGIN = "first broker login with hooks";
    static final String POST_LOGIN = "post login with hooks";
    static final String IVY_PASSWORD = "Ivy-pass-1";

    @InjectRealm(config = ConsumerRealm.class)
    ManagedRealm realm;

    @InjectRealm(ref = "partner", config = PartnerRealm.class)
    ManagedRealm partner;

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

    HookReceiver signUp;
    HookReceiver signIn;
    AdminHttp http;

    @BeforeEach
    void setUp() {
        signUp = new HookReceiver(httpServer, "/broker-sign-up");
        signIn = new HookReceiver(httpServer, "/broker-sign-in");
        http = new AdminHttp(urls.getBase());
        AuthenticationManagementResource flows = realm.admin().flows();
        // after "Review Profile" (10), before "User creation or linking" (20)
        if (Flows.copyWithStep(flows, "first broker login", FIRST_LOGIN, FIRST_LOGIN, "hooks-pre-sign-up-broker", 15)) {

            AuthenticationFlowRepresentation post = new AuthenticationFlowRepresentation();
            post.setAlias(POST_LOGIN);
            post.setProviderId("basic-flow");
            post.setTopLevel(true);
            post.setBuiltIn(false);
            flows.createFlow(post).close();
            flows.addExecution(POST_LOGIN, Map.of("provider", "hooks-pre-sign-in"));
            Flows.require(flows, POST_LOGIN, "hooks-pre-sign-in");
        }
        if (realm.admin().identityProviders().findAll().isEmpty()) {
            realm.admin().identityProviders().create(identityProvider()).close();
        }
        createPrehook("broker-sign-up", "pre_sign_up", signUp);
        createPrehook("broker-sign-in", "pre_sign_in", signIn);
        clearCookies();
    }

    @AfterEach
    void tearDown() {
        signUp.stop();
        signIn.stop();
        String token = masterAdmin.tokenManager().getAccessTokenString();
        for (String id : List.of("broker-sign-up", "broker-sign-in")) {
            http.hooks("DELETE", realm.getName(), "prehooks/" + id, token, null);
        }
        realm.admin().users().list().forEach(u -> realm.admin().users().delete(u.getId()).close());
        realm.admin().clearEvents();
    }

    @Test
    void firstLoginDeniedBySignUpHookCreatesNoUser() throws Exception {
        signUp.respond(200, "{\"allow\": false, \"reason\": \"Partner accounts need an invitation.\"}");

        signInThroughPartner("ivy", IVY_PASSWORD);

        assertEquals("Partner accounts need an invitation.", topMessage());
        assertEquals("Sign-up stopped", driver.findElement(By.id("kc-page-title")).getText());
        assertTrue(realm.admin().users().search("ivy", true).isEmpty(), "no user was created");
        HookReceiver.Received request = signUp.await(r -> true, Duration.ofSeconds(10));
        ReceiverSignatures.verifyAll(request, SECRET, urls.getBase() + "/realms/" + realm.getName());
        JsonNode envelope = JsonSerialization.readValue(request.body(), JsonNode.class);
        assertEquals("pre_sign_up", envelope.get("type").asText());
        JsonNode data = envelope.get("data");
        assertEquals("ivy@partner.test", data.get("email").asText());
        assertEquals("ivy", data.get("username").asText());
        assertEquals("Ivy", data.get("firstName").asText());
        assertEquals(IDP, data.get("provider").asText());
        assertEquals(IDP, data.get("identityProvider").get("alias").asText());
        assertEquals("oidc", data.get("identityProvider").get("providerId").asText());
        assertEquals("ivy@partner.test", data.get("identityProvider").get("email").asText());
        assertEquals("ivy", data.get("identityProvider").get("username").asText());
        assertTrue(signIn.received().isEmpty());
        assertEquals(1, signUp.received().size(), "asked once");

        List<EventRepresentation> errors = realm.admin().getEvents(List.of("REGISTER_ERROR"), null, null, null, null, null, 0, 10);
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("hooks_denied", errors.get(0).getError());
        assertEquals("broker-sign-up", errors.get(0).getDetails().get("hook"));
        assertEquals(IDP, errors.get(0).getDetails().get("identity_provider"));
    }

    @Test
    void firstLoginAllowedThenLaterLoginsRunTheSignInHook() throws Exception {
        signUp.respond(200, "{\"continue\": true}");
        signIn.respond(204, "");

        signInThroughPartner("ivy", IVY_PASSWORD);

        Redirects.awaitCode(driver);
        assertEquals(1, realm.admin().users().search("ivy", true).size(), "the user was created");
        assertEquals(1, signUp.received().size());

        signIn.clear();
        clearCookies();
        signIn.respond(200, "{\"allow\": false, \"message\": \"Your partner access is suspended.\"}");
        signInThroughPartner("ivy", IVY_PASSWORD);

        assertEquals("Your partner access is suspended.", topMessage());
        assertEquals(1, signUp.received().size(), "a later login is no sign-up");
        JsonNode envelope = JsonSerialization.readValue(signIn.await(r -> true, Duration.ofSeconds(10)).body(), JsonNode.class);
        assertEquals("pre_sign_in", envelope.get("type").asText());
        assertEquals("identity_provider", envelope.get("data").get("authMethod").asText());
        assertEquals("ivy", envelope.get("data").get("user").get("username").asText());
        assertEquals(IDP, envelope.get("data").get("identityProvider").get("alias").asText());
        assertEquals("oidc", envelope.get("data").get("identityProvider").get("providerId").asText());
        List<EventRepresentation> errors = realm.admin().getEvents(List.of("LOGIN_ERROR"), null, null, null, null, null, 0, 10);
        assertTrue(errors.stream().anyMatch(e -> "hooks_denied".equals(e.getError())), errors.toString());
    }

    @Test
    void linkingToAnExistingAccountIsNoSignUp() {
        signUp.respond(200, "{\"allow\": false, \"reason\": \"must not be asked\"}");
        realm.admin().users().create(UserBuilder.create("ivy-local").email("ivy@partner.test").name("Ivy", "Local").build()).close();

        signInThroughPartner("ivy", IVY_PASSWORD);

        assertTrue(driver.findElement(By.id("linkAccount")).isDisplayed(), "Keycloak offers to link the accounts");
        assertTrue(signUp.received().isEmpty(), "the sign-up hook was not asked");
    }

    private void signInThroughPartner(String username, String password) {
        oauth.realm(realm.getName()).openLoginForm();
        loginPage.clickSocial(IDP);
        loginPage.fillLogin(username, password);
        loginPage.submit();
    }

    /** Keycloak's cookies are scoped to /realms/{realm}/: clear them for both realms. */
    private void clearCookies() {
        for (String name : List.of(realm.getName(), partner.getName())) {
            driver.open(urls.getBase() + "/realms/" + name + "/.well-known/openid-configuration");
            driver.cookies().deleteAll();
        }
    }

    private String topMessage() {
        return driver.findElement(By.className("kc-feedback-text")).getText();
    }

    private IdentityProviderRepresentation identityProvider() {
        IdentityProviderRepresentation idp = PartnerProvider.oidc(IDP, urls.getBase() + "/realms/" + partner.getName());
        idp.setFirstBrokerLoginFlowAlias(FIRST_LOGIN);
        idp.setPostBrokerLoginFlowAlias(POST_LOGIN);
        return idp;
    }

    private void createPrehook(String id, String trigger, HookReceiver receiver) {
        String token = masterAdmin.tokenManager().getAccessTokenString();
        AdminHttp.Response created = http.hooks("POST", realm.getName(), "prehooks", token, """
                {"id": "%s", "trigger": "%s", "url": "%s", "secret": "%s", "timeoutMs": 2000}
                """.formatted(id, trigger, receiver.url(), SECRET));
        assertEquals(201, created.status(), created.body());
    }

    public static class ConsumerRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.eventsEnabled(true);
        }
    }

    public static class PartnerRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.clients(ClientBuilder.create("broker").secret("broker-secret").redirectUris("*"))
                    .users(UserBuilder.create("ivy").email("ivy@partner.test").emailVerified(true).name("Ivy", "Partner")
                            .password(IVY_PASSWORD));
        }
    }
}
