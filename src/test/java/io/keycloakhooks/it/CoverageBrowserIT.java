package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
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
import org.keycloak.testframework.ui.page.RegisterPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.keycloak.util.JsonSerialization;
import org.openqa.selenium.By;

/**
 * Prehook coverage of the browser paths, in Chromium: sign-in by password and by SSO cookie, a client's browser
 * override, registration, and sign-up and sign-in through an identity provider (a second realm). Each uncovered path
 * really lets the user in without the hook; after apply the hook is asked there and denies.
 */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class CoverageBrowserIT {

    static final String SECRET = "a-coverage-browser-secret-of-32-chars+";
    static final String PASSWORD = "Browse-pass-1";
    static final String SIGN_IN_DENIAL = "Sign-ins are paused by policy.";
    static final String SIGN_UP_DENIAL = "Sign-ups are closed for now.";
    static final String IDP = "partner";

    @InjectRealm(ref = "cov-browser", config = BrowserRealm.class)
    ManagedRealm browser;

    @InjectRealm(ref = "cov-register", config = RegisterRealm.class)
    ManagedRealm register;

    @InjectRealm(ref = "cov-consumer", config = ConsumerRealm.class)
    ManagedRealm consumer;

    @InjectRealm(ref = "cov-partner", config = BrokerPrehooksIT.PartnerRealm.class)
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

    @InjectPage
    RegisterPage registerPage;

    @RegisterExtension
    final HookReceivers receivers = new HookReceivers();

    /**
     * The step only in the browser flow's forms sub-flow: a password sign-in asks the hook, a sign-in by SSO cookie
     * does not; a client whose browser override is the stock flow signs in without it. After apply both are asked.
     */
    @Test
    void ssoCookieAndClientOverrideBypassTheFormsStepUntilApply() throws Exception {
        Coverage api = api(browser);
        String flow = "browser forms step";
        Flows.copyWithStep(browser.admin().flows(), "browser", flow, flow + " forms", "hooks-pre-sign-in", null);
        RealmRepresentation rep = browser.admin().toRepresentation();
        rep.setBrowserFlow(flow);
        browser.admin().update(rep);
        Coverage.overrideBinding(browser.admin(), "app-override", "browser", "browser");
        HookReceiver receiver = receiver("/cov-browser");
        receiver.respond(204, "");
        api.createPrehook("browser-gate", "pre_sign_in", receiver.url(), SECRET);

        JsonNode before = api.get();
        Coverage.assertUncovered(Coverage.path(before, "pre_sign_in", "browser", "realm", null), flow, "SSO cookie");
        Coverage.assertUncovered(Coverage.path(before, "pre_sign_in", "browser", "client", "app-override"), "browser", null);

        clearCookies(browser);
        signIn(browser, "app");
        Redirects.awaitCode(driver);
        assertEquals("password", authMethod(receiver.await(r -> true, Duration.ofSeconds(10))));

        receiver.clear();
        receiver.respond(200, Coverage.DENIAL.formatted(SIGN_IN_DENIAL));
        oauth.realm(browser.getName()).client("app").openLoginForm();
        Redirects.awaitCode(driver, () -> " (signed in again by the SSO cookie, the hook not asked)");
        assertTrue(receiver.received().isEmpty(), "the SSO cookie skipped the forms step: " + receiver.received());

        clearCookies(browser);
        signIn(browser, "app-override");
        Redirects.awaitCode(driver, () -> " (the client's override has no step)");
        assertTrue(receiver.received().isEmpty(), "the override flow has no step: " + receiver.received());

        JsonNode applied = api.apply(false);
        assertEquals(flow + " with hooks", Coverage.change(applied, "browser", "realm", null).get("to").asText());
        JsonNode after = api.get();
        Coverage.assertCovered(Coverage.path(after, "pre_sign_in", "browser", "realm", null), flow + " with hooks");
        Coverage.assertCovered(Coverage.path(after, "pre_sign_in", "browser", "client", "app-override"), "browser with hooks");
        assertEquals(0, api.apply(false).get("changes").size(), "a second apply changes nothing");
        AuthenticationManagementResource flows = browser.admin().flows();
        assertEquals(wrapped(flows, "browser"), Coverage.executions(flows, "browser with hooks"), "the README's layout");
        assertEquals(wrapped(flows, flow), Coverage.executions(flows, flow + " with hooks"),
                "the README's layout, the step in the forms disabled so the hook is asked once");

        oauth.realm(browser.getName()).client("app").openLoginForm();
        assertEquals(SIGN_IN_DENIAL, topMessage(), "the SSO cookie sign-in now asks the hook");
        assertFalse(driver.getCurrentUrl().contains("code="), driver.getCurrentUrl());
        assertEquals("sso_cookie", authMethod(receiver.await(r -> true, Duration.ofSeconds(10))));

        receiver.clear();
        clearCookies(browser);
        signIn(browser, "app-override");
        assertEquals(SIGN_IN_DENIAL, topMessage(), "the client's override now asks the hook");
        assertEquals("password", authMethod(receiver.await(r -> true, Duration.ofSeconds(10))));
        assertEquals(1, receiver.received().size());
    }

    @Test
    void registrationWithoutTheStepCreatesUsersUntilApply() {
        Coverage api = api(register);
        HookReceiver receiver = receiver("/cov-register");
        receiver.respond(200, Coverage.DENIAL.formatted(SIGN_UP_DENIAL));
        api.createPrehook("register-gate", "pre_sign_up", receiver.url(), SECRET);
        Coverage.assertUncovered(Coverage.path(api.get(), "pre_sign_up", "registration", "realm", null), "registration", null);

        clearCookies(register);
        registerAs(register, "rita");
        Redirects.awaitCode(driver, () -> " (registered without the hook)");
        assertEquals(1, register.admin().users().search("rita", true).size());
        assertTrue(receiver.received().isEmpty(), "the hook was not asked: " + receiver.received());

        JsonNode applied = api.apply(false);
        JsonNode change = Coverage.change(applied, "registration", "realm", null);
        assertEquals("registration", change.get("from").asText());
        assertEquals("registration with hooks", change.get("to").asText());
        Coverage.assertCovered(Coverage.path(api.get(), "pre_sign_up", "registration", "realm", null), "registration with hooks");
        List<String> copy = Coverage.executions(register.admin().flows(), "registration with hooks");
        assertEquals("1 hooks-pre-sign-up REQUIRED", copy.get(copy.size() - 1), "at the end of the registration form: " + copy);

        clearCookies(register);
        registerAs(register, "rudy");
        assertTrue(topMessage().contains(SIGN_UP_DENIAL), topMessage());
        assertTrue(register.admin().users().search("rudy", true).isEmpty(), "no user was created");
        assertEquals(1, receiver.received().size());
    }

    /**
     * An identity provider that inherits the realm's first-login flow and has no post-login flow: sign-up and later
     * sign-ins through it run no step. Apply copies the first-login flow and creates a post-login flow for it.
     */
    @Test
    void identityProviderSignUpAndSignInRunNoStepUntilApply() throws Exception {
        Coverage api = api(consumer);
        consumer.admin().identityProviders()
                .create(PartnerProvider.oidc(IDP, urls.getBase() + "/realms/" + partner.getName())).close();
        HookReceiver signUp = receiver("/cov-broker-sign-up");
        signUp.respond(200, Coverage.DENIAL.formatted(SIGN_UP_DENIAL));
        HookReceiver signInHook = receiver("/cov-broker-sign-in");
        signInHook.respond(200, Coverage.DENIAL.formatted(SIGN_IN_DENIAL));
        api.createPrehook("broker-up", "pre_sign_up", signUp.url(), SECRET);
        api.createPrehook("broker-in", "pre_sign_in", signInHook.url(), SECRET);

        JsonNode before = api.get();
        JsonNode firstLogin = Coverage.path(before, "pre_sign_up", "first_broker_login", "identityProvider", IDP);
        Coverage.assertUncovered(firstLogin, "first broker login", null);
        Coverage.assertUncovered(Coverage.path(before, "pre_sign_in", "post_broker_login", "identityProvider", IDP), null, null);

        signInThroughPartner();
        Redirects.awaitCode(driver, () -> " (first login through the partner, no sign-up step)");
        assertEquals(1, consumer.admin().users().search("ivy", true).size(), "the user was created");
        signInThroughPartner();
        Redirects.awaitCode(driver, () -> " (later login through the partner, no post-login flow)");
        assertTrue(signUp.received().isEmpty() && signInHook.received().isEmpty(),
                "no hook was asked: " + signUp.received() + signInHook.received());

        JsonNode applied = api.apply(false);
        JsonNode copied = Coverage.change(applied, "first_broker_login", "identityProvider", IDP);
        assertEquals("copy", copied.get("action").asText(), copied.toString());
        assertEquals("first broker login", copied.get("from").asText());
        assertEquals("first broker login with hooks", copied.get("to").asText());
        JsonNode created = Coverage.change(applied, "post_broker_login", "identityProvider", IDP);
        assertEquals("create", created.get("action").asText(), created.toString());
        assertTrue(created.get("from").isNull(), created.toString());
        assertEquals("post login with hooks", created.get("to").asText());
        JsonNode after = api.get();
        Coverage.assertCovered(Coverage.path(after, "pre_sign_up", "first_broker_login", "identityProvider", IDP),
                "first broker login with hooks");
        Coverage.assertCovered(Coverage.path(after, "pre_sign_in", "post_broker_login", "identityProvider", IDP), "post login with hooks");
        IdentityProviderRepresentation idp = consumer.admin().identityProviders().get(IDP).toRepresentation();
        assertEquals("first broker login with hooks", idp.getFirstBrokerLoginFlowAlias());
        assertEquals("post login with hooks", idp.getPostBrokerLoginFlowAlias());
        assertEquals(List.of("0 hooks-pre-sign-in REQUIRED"), Coverage.executions(consumer.admin().flows(), "post login with hooks"));
        assertReviewProfileThenStepThenUserCreation(consumer.admin().flows());
        assertEquals(0, api.apply(false).get("changes").size(), "a second apply changes nothing (no second post-login flow)");
        assertEquals(1, consumer.admin().flows().getFlows().stream().filter(f -> f.getAlias().startsWith("post login with hooks")).count());

        signInThroughPartner();
        assertEquals(SIGN_IN_DENIAL, topMessage(), "a later login now asks the sign-in hook");
        assertEquals("identity_provider", authMethod(signInHook.await(r -> true, Duration.ofSeconds(10))));
        assertTrue(signUp.received().isEmpty());

        consumer.admin().users().search("ivy", true).forEach(u -> consumer.admin().users().delete(u.getId()).close());
        signInThroughPartner();
        assertEquals(SIGN_UP_DENIAL, topMessage(), "a first login now asks the sign-up hook");
        assertTrue(consumer.admin().users().search("ivy", true).isEmpty(), "no user was created");
        assertEquals(1, signUp.received().size());
    }

    /**
     * The executions of {@code original}'s copy in the browser layout: all of it one level down in a REQUIRED sub-flow
     * "<copy> sign-in", sub-flows renamed, an earlier pre-sign-in step disabled, and the step REQUIRED after it.
     */
    private static List<String> wrapped(AuthenticationManagementResource flows, String original) {
        String copy = original + " with hooks";
        List<String> expected = new java.util.ArrayList<>();
        expected.add("0 flow '" + copy + " sign-in' REQUIRED");
        for (String line : Coverage.renamed(Coverage.executions(flows, original), Coverage.subFlows(flows, original), copy)) {
            int space = line.indexOf(' ');
            String rest = line.substring(space).replace(" hooks-pre-sign-in REQUIRED", " hooks-pre-sign-in DISABLED");
            expected.add((Integer.parseInt(line.substring(0, space)) + 1) + rest);
        }
        expected.add("0 hooks-pre-sign-in REQUIRED");
        return expected;
    }

    /** hooks-pre-sign-up-broker is a top-level step after Review Profile and before the one holding Create User If Unique. */
    private static void assertReviewProfileThenStepThenUserCreation(AuthenticationManagementResource flows) {
        List<String> lines = Coverage.executions(flows, "first broker login with hooks");
        int review = -1;
        for (int i = 0; i < lines.size() && review < 0; i++) {
            review = lines.get(i).startsWith("0 idp-review-profile REQUIRED") ? i : -1;
        }
        int step = lines.indexOf("0 hooks-pre-sign-up-broker REQUIRED");
        int create = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("idp-create-user-if-unique")) {
                create = i;
            }
        }
        int holder = create;
        while (holder > 0 && !lines.get(holder).startsWith("0 ")) {
            holder--;
        }
        assertTrue(review >= 0 && step == review + 1 && holder == step + 1, lines.toString());
    }

    private Coverage api(ManagedRealm realm) {
        return new Coverage(new AdminHttp(urls.getBase()), realm.getName(), () -> masterAdmin.tokenManager().getAccessTokenString());
    }

    private HookReceiver receiver(String path) {
        return receivers.start(httpServer, path);
    }

    private void signIn(ManagedRealm realm, String clientId) {
        oauth.realm(realm.getName()).client(clientId).openLoginForm();
        loginPage.fillLogin("olga", PASSWORD);
        loginPage.submit();
    }

    private void registerAs(ManagedRealm realm, String username) {
        oauth.realm(realm.getName()).client("app").openRegistrationForm();
        registerPage.register("Reg", "Istrant", username + "@cover.test", username, PASSWORD);
    }

    /** From a fresh browser: the consumer's login page, the partner button, the partner's login form. */
    private void signInThroughPartner() {
        clearCookies(consumer);
        clearCookies(partner);
        oauth.realm(consumer.getName()).client("app").openLoginForm();
        loginPage.clickSocial(IDP);
        loginPage.fillLogin("ivy", BrokerPrehooksIT.IVY_PASSWORD);
        loginPage.submit();
    }

    /** Keycloak's cookies are scoped to /realms/{realm}/: delete them on a page of that realm. */
    private void clearCookies(ManagedRealm realm) {
        driver.open(urls.getBase() + "/realms/" + realm.getName() + "/.well-known/openid-configuration");
        driver.cookies().deleteAll();
    }

    private String topMessage() {
        return driver.findElement(By.className("kc-feedback-text")).getText();
    }

    private static String authMethod(HookReceiver.Received request) throws java.io.IOException {
        return JsonSerialization.readValue(request.body(), JsonNode.class).at("/data/authMethod").asText();
    }

    public static class BrowserRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.eventsEnabled(true)
                    .users(UserBuilder.create("olga").email("olga@cover.test").name("Olga", "Cover").password(PASSWORD))
                    .clients(ClientBuilder.create("app").publicClient().redirectUris("*"),
                            ClientBuilder.create("app-override").publicClient().redirectUris("*"));
        }
    }

    public static class ConsumerRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.eventsEnabled(true).clients(ClientBuilder.create("app").publicClient().redirectUris("*"));
        }
    }

    public static class RegisterRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return new ConsumerRealm().configure(realm).registrationAllowed(true);
        }
    }
}
