package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
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
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Each catalogue type (docs/webhooks.md#event-catalogue) produced by the real user action on a real Keycloak, driven in Chromium where a
 * user would use the browser: registration, required actions (profile, password, OTP, email verification, account
 * deletion), a login with OTP, OTP removal through the account API, forgotten password, organization invitations
 * sent by an admin and accepted through the mailed link, a login by SSO cookie and one through an identity provider.
 * Every message is checked as a receiver would: all three signatures verified independently, the envelope's type,
 * realm and user. Each test uses users of its own and a webhook that exists only while it runs.
 */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class WebhookCatalogueIT {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8G";
    static final String PASSWORD = "Cat-pass-1";
    static final String NEW_PASSWORD = "Cat-pass-2";
    static final String IDP = "partner";
    static final String PIA_PASSWORD = "Pia-pass-1";
    static final String SAML_IDP = "partner-saml";
    static final String SAML_SP = "catalogue-sp";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger USERS = new AtomicInteger();

    static SmtpReceiver smtp;

    @InjectRealm(config = CatalogueRealm.class)
    ManagedRealm realm;

    @InjectRealm(ref = "catalogue-partner", config = PartnerRealm.class)
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

    HookReceiver receiver;
    AdminHttp http;

    @BeforeAll
    static void startSmtp() throws IOException {
        smtp = new SmtpReceiver();
    }

    @AfterAll
    static void stopSmtp() throws IOException {
        smtp.close();
    }

    @BeforeEach
    void setUp() {
        receiver = new HookReceiver(httpServer, "/webhook-catalogue-it");
        http = new AdminHttp(urls.getBase());
        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.setSmtpServer(Map.of("host", "127.0.0.1", "port", String.valueOf(smtp.port()), "from", "keycloak@catalogue.test"));
        realm.admin().update(rep);
        RequiredActionProviderRepresentation deleteAccount = realm.admin().flows().getRequiredAction("delete_account");
        if (!deleteAccount.isEnabled()) {
            deleteAccount.setEnabled(true);
            realm.admin().flows().updateRequiredAction("delete_account", deleteAccount);
        }
        List<String> providers = realm.admin().identityProviders().findAll().stream()
                .map(IdentityProviderRepresentation::getAlias).toList();
        if (!providers.contains(IDP)) {
            realm.admin().identityProviders().create(identityProvider()).close();
        }
        if (!providers.contains(SAML_IDP)) {
            realm.admin().identityProviders().create(samlIdentityProvider()).close();
        }
        clearCookies();
    }

    @AfterEach
    void tearDown() {
        http.hooks("DELETE", realm.getName(), "webhooks/catalogue", adminToken(), null);
        receiver.stop();
        organizations(false);
    }

    @Test
    void registrationOnTheRegistrationPageIsCreatedAndSignedUp() throws Exception {
        createWebhook("\"user.created\", \"user.signedUp\", \"keycloak.REGISTER\"");
        String username = unique("reg");

        oauth.realm(realm.getName()).openRegistrationForm();
        registerPage.register("Rita", "Register", username + "@catalogue.test", username, PASSWORD);

        JsonNode created = awaitUserMessage("user.created", username);
        JsonNode signedUp = awaitUserMessage("user.signedUp", username);
        awaitUserMessage("keycloak.REGISTER", username);
        String userId = realm.admin().users().search(username, true).get(0).getId();
        for (JsonNode envelope : List.of(created, signedUp)) {
            JsonNode data = envelope.get("data");
            assertEquals(userId, data.at("/user/id").asText());
            assertEquals(username + "@catalogue.test", data.at("/user/email").asText());
            assertEquals("Rita", data.at("/user/firstName").asText());
            assertEquals("Register", data.at("/user/lastName").asText());
            assertTrue(data.at("/user/enabled").asBoolean());
            assertTrue(data.at("/user/createdTimestamp").asLong() > 0);
            assertEquals("test-app", data.at("/client/clientId").asText());
            assertEquals("REGISTER", data.at("/keycloak/eventType").asText());
            assertEquals(username + "@catalogue.test", data.at("/keycloak/details/email").asText());
            assertTrue(data.get("ipAddress").asText().length() > 0);
        }
        assertNotEquals(created.get("id").asText(), signedUp.get("id").asText(), "one message per type");
    }

    @Test
    void profileUpdateByTheUserIsUpdated() throws Exception {
        String username = unique("prof");
        String userId = createUser(username, "UPDATE_PROFILE");
        createWebhook("\"user.updated\"");

        login(username, PASSWORD);
        awaitPage("login-login-update-profile");
        setField("firstName", "Paula");
        setField("lastName", "Changed");
        driver.findElement(By.cssSelector("[type=submit]")).click();
        awaitRedirectWithCode();

        JsonNode data = awaitUserMessage("user.updated", username).get("data");
        assertEquals(userId, data.at("/user/id").asText());
        assertEquals("Paula", data.at("/user/firstName").asText(), "the user as it is after the change");
        assertEquals("Changed", data.at("/user/lastName").asText());
        assertEquals("UPDATE_PROFILE", data.at("/keycloak/eventType").asText());
        assertEquals("Paula", data.at("/keycloak/details/updated_first_name").asText());
        assertEquals("test-app", data.at("/client/clientId").asText());
    }

    @Test
    void passwordChangeByTheUserIsOneChangedPasswordMessage() throws Exception {
        String username = unique("pwd");
        String userId = createUser(username, "UPDATE_PASSWORD");
        createWebhook("\"user.changedPassword\", \"keycloak.UPDATE_PASSWORD\"");

        login(username, PASSWORD);
        awaitPage("login-login-update-password");
        setField("password-new", NEW_PASSWORD);
        setField("password-confirm", NEW_PASSWORD);
        driver.findElement(By.cssSelector("[type=submit]")).click();
        awaitRedirectWithCode();

        JsonNode data = awaitUserMessage("user.changedPassword", username).get("data");
        assertEquals(userId, data.at("/user/id").asText());
        assertEquals("UPDATE_CREDENTIAL", data.at("/keycloak/eventType").asText());
        assertEquals("password", data.at("/keycloak/details/credential_type").asText());
        awaitUserMessage("keycloak.UPDATE_PASSWORD", username);
        // both events were written in the request's one transaction: the log now holds all its messages
        assertEquals(1, logged("user.changedPassword", username).size(),
                "Keycloak's deprecated UPDATE_PASSWORD gives no second user.changedPassword");
        assertEquals(200, http.tokenResponse(realm.getName(), username, NEW_PASSWORD).status(), "the new password works");
    }

    @Test
    void otpEnrolmentMfaLoginAndRemovalByTheUser() throws Exception {
        String username = unique("otp");
        String userId = createUser(username, "CONFIGURE_TOTP");
        createWebhook("\"user.enrolledMFA\", \"user.authenticated\", \"user.authenticatedWithMFA\", \"user.disabledMFA\","
                + " \"user.disabledLastMFADevice\"");

        login(username, PASSWORD);
        awaitPage("login-login-config-totp");
        driver.findElement(By.id("mode-manual")).click();
        Totp app = new Totp(driver.findElement(By.id("kc-totp-secret-key")).getText());
        setField("totp", app.freshCode());
        setField("userLabel", "phone");
        driver.findElement(By.id("saveTOTPBtn")).click();
        awaitRedirectWithCode();

        JsonNode enrolled = awaitUserMessage("user.enrolledMFA", username).get("data");
        assertEquals(userId, enrolled.at("/user/id").asText());
        assertEquals("UPDATE_CREDENTIAL", enrolled.at("/keycloak/eventType").asText());
        assertEquals("otp", enrolled.at("/keycloak/details/credential_type").asText());
        JsonNode firstLogin = awaitUserMessage("user.authenticated", username);
        assertFalse(logged("user.authenticatedWithMFA", username).stream().anyMatch(
                m -> m.at("/data/sessionId").asText().equals(firstLogin.at("/data/sessionId").asText())),
                "the login that enrolled OTP verified no second factor");

        clearCookies();
        login(username, PASSWORD);
        awaitPage("login-login-otp");
        setField("otp", app.freshCode());
        driver.findElement(By.id("kc-login")).click();
        String code = awaitRedirectWithCode();

        JsonNode mfa = awaitUserMessage("user.authenticatedWithMFA", username).get("data");
        assertEquals("LOGIN", mfa.at("/keycloak/eventType").asText());
        assertNotEquals(firstLogin.at("/data/sessionId").asText(), mfa.at("/sessionId").asText());
        assertEquals("test-app", mfa.at("/client/clientId").asText());

        String userToken = oauth.doAccessTokenRequest(code).getAccessToken();
        JsonNode credentials = accountApi("GET", "/credentials?type=otp", userToken).json();
        String otpId = credentials.get(0).at("/userCredentialMetadatas/0/credential/id").asText();
        assertFalse(otpId.isEmpty(), credentials.toString());
        assertEquals(204, accountApi("DELETE", "/credentials/" + otpId, userToken).status());

        JsonNode disabled = awaitUserMessage("user.disabledMFA", username).get("data");
        assertEquals("REMOVE_CREDENTIAL", disabled.at("/keycloak/eventType").asText());
        assertEquals("otp", disabled.at("/keycloak/details/credential_type").asText());
        assertEquals(otpId, disabled.at("/keycloak/details/selected_credential_id").asText());
        JsonNode last = awaitUserMessage("user.disabledLastMFADevice", username).get("data");
        assertEquals(userId, last.at("/user/id").asText());
    }

    @Test
    void emailVerificationThroughTheMailedLinkIsActivated() throws Exception {
        String username = unique("mail");
        String userId = createUser(username, false, "VERIFY_EMAIL");
        createWebhook("\"user.activated\"");

        login(username, PASSWORD);
        awaitPage("login-login-verify-email");
        SmtpReceiver.Mail mail = smtp.await(username + "@catalogue.test", WAIT);
        driver.open(MailLinks.containing(mail, "action-token"));
        awaitRedirectWithCode();

        JsonNode data = awaitUserMessage("user.activated", username).get("data");
        assertEquals(userId, data.at("/user/id").asText());
        assertTrue(data.at("/user/emailVerified").asBoolean(), "the user as it is after verifying: " + data);
        assertEquals("VERIFY_EMAIL", data.at("/keycloak/eventType").asText());
        assertEquals(username + "@catalogue.test", data.at("/keycloak/details/email").asText());
    }

    @Test
    void accountDeletionByTheUserIsDeleted() throws Exception {
        String username = unique("del");
        String userId = createUser(username, "delete_account");
        grantDeleteAccount(userId);
        createWebhook("\"user.deleted\"");

        login(username, PASSWORD);
        awaitPage("login-delete-account-confirm");
        driver.findElement(By.id("kc-submit")).click();
        awaitPage("login-info");

        JsonNode data = awaitUserMessage("user.deleted", username).get("data");
        assertEquals(userId, data.at("/user/id").asText());
        assertEquals("DELETE_ACCOUNT", data.at("/keycloak/eventType").asText());
        assertTrue(realm.admin().users().search(username, true).isEmpty(), "the account is gone");
    }

    @Test
    void forgottenPasswordThenResetThroughTheMailedLink() throws Exception {
        String username = unique("fgt");
        String userId = createUser(username);
        createWebhook("\"user.forgotPassword\", \"user.changedPassword\"");

        oauth.realm(realm.getName()).openLoginForm();
        loginPage.resetPassword();
        setField("username", username);
        driver.findElement(By.cssSelector("[type=submit]")).click();

        JsonNode forgot = awaitUserMessage("user.forgotPassword", username).get("data");
        assertEquals(userId, forgot.at("/user/id").asText());
        assertEquals("SEND_RESET_PASSWORD", forgot.at("/keycloak/eventType").asText());
        assertEquals(username + "@catalogue.test", forgot.at("/keycloak/details/email").asText());

        SmtpReceiver.Mail mail = smtp.await(username + "@catalogue.test", WAIT);
        driver.open(MailLinks.containing(mail, "action-token"));
        awaitPage("login-login-update-password");
        setField("password-new", NEW_PASSWORD);
        setField("password-confirm", NEW_PASSWORD);
        driver.findElement(By.cssSelector("[type=submit]")).click();
        awaitRedirectWithCode();

        JsonNode changed = awaitUserMessage("user.changedPassword", username).get("data");
        assertEquals("UPDATE_CREDENTIAL", changed.at("/keycloak/eventType").asText());
        assertEquals("password", changed.at("/keycloak/details/credential_type").asText());
    }

    @Test
    void invitationSentByAnAdminAndAcceptedThroughTheMailedLink() throws Exception {
        organizations(true); // only here: it turns the login page into username-first
        String orgId = createOrganization(unique("org"));
        String username = unique("inv");
        String email = username + "@catalogue.test";
        createWebhook("\"user.invitedToTenant\", \"user.acceptedInvitationToTenant\", \"user.created\"");

        try (Response invited = realm.admin().organizations().get(orgId).members().inviteUser(email, "Ina", "Invited")) {
            assertEquals(204, invited.getStatus());
        }
        JsonNode invitation = awaitMessage("user.invitedToTenant",
                e -> orgId.equals(e.at("/data/organization/id").asText()));
        JsonNode sent = invitation.get("data");
        assertEquals(email, sent.at("/user/email").asText(), "the invitee, though no user exists yet: " + sent);
        assertFalse(sent.at("/user").has("id"));
        assertEquals("ACTION", sent.at("/keycloak/operationType").asText());
        assertEquals("ORGANIZATION_MEMBERSHIP", sent.at("/keycloak/resourceType").asText());
        assertEquals("organizations/" + orgId + "/members/invite-user", sent.at("/keycloak/resourcePath").asText());
        assertFalse(sent.at("/keycloak/authDetails/userId").asText().isEmpty(), "the admin who invited: " + sent);

        SmtpReceiver.Mail mail = smtp.await(email, WAIT);
        driver.open(MailLinks.containing(mail, "token="));
        awaitPage("login-register");
        assertEquals(email, driver.findElement(By.id("email")).getAttribute("value"), "the invitation fills in the email");
        setField("username", username);
        setField("firstName", "Ina");
        setField("lastName", "Invited");
        setField("password", PASSWORD);
        setField("password-confirm", PASSWORD);
        driver.findElement(By.cssSelector("[type=submit]")).click();
        awaitLeft("login-register");

        JsonNode accepted = awaitUserMessage("user.acceptedInvitationToTenant", username).get("data");
        String userId = realm.admin().users().search(username, true).get(0).getId();
        assertEquals(userId, accepted.at("/user/id").asText());
        assertEquals(email, accepted.at("/user/email").asText());
        assertEquals("INVITE_ORG", accepted.at("/keycloak/eventType").asText());
        assertEquals(orgId, accepted.at("/organization/id").asText());
        assertEquals(organizationAlias(orgId), accepted.at("/organization/alias").asText());
        assertEquals(userId, awaitUserMessage("user.created", username).at("/data/user/id").asText(),
                "joining through the invitation registered the user");
        assertTrue(realm.admin().organizations().get(orgId).members().list(-1, -1).stream()
                .anyMatch(m -> m.getId().equals(userId)), "the user is a member");
    }

    @Test
    void invitationOfAnExistingUserAcceptedThroughTheMailedLink() throws Exception {
        organizations(true);
        String orgId = createOrganization(unique("org"));
        String username = unique("member");
        String userId = createUser(username);
        createWebhook("\"user.invitedToTenant\", \"user.acceptedInvitationToTenant\"");

        try (Response invited = realm.admin().organizations().get(orgId).members().inviteExistingUser(userId)) {
            assertEquals(204, invited.getStatus());
        }
        JsonNode sent = awaitUserMessage("user.invitedToTenant", username).get("data");
        assertEquals(userId, sent.at("/user/id").asText());
        assertEquals(orgId, sent.at("/organization/id").asText());
        assertEquals("organizations/" + orgId + "/members/invite-existing-user", sent.at("/keycloak/resourcePath").asText());
        assertTrue(realm.admin().organizations().get(orgId).members().list(-1, -1).isEmpty(), "invited, not yet a member");

        driver.open(MailLinks.containing(smtp.await(username + "@catalogue.test", WAIT), "action-token"));
        awaitPage("login-info"); // Keycloak asks the user to confirm joining
        driver.findElement(By.cssSelector("a[href*='action-token']")).click();

        JsonNode accepted = awaitUserMessage("user.acceptedInvitationToTenant", username).get("data");
        assertEquals(userId, accepted.at("/user/id").asText());
        assertEquals("INVITE_ORG", accepted.at("/keycloak/eventType").asText());
        assertEquals(orgId, accepted.at("/organization/id").asText());
        assertEquals(organizationAlias(orgId), accepted.at("/organization/alias").asText());
        assertTrue(realm.admin().organizations().get(orgId).members().list(-1, -1).stream()
                .anyMatch(m -> m.getId().equals(userId)), "the user joined");
    }

    @Test
    void aSecondLoginByTheSsoCookieIsAuthenticatedInTheSameSession() throws Exception {
        String username = unique("sso");
        createUser(username);
        createWebhook("\"user.authenticated\", \"user.authenticatedWithSSO\"");

        login(username, PASSWORD);
        awaitRedirectWithCode();
        JsonNode first = awaitUserMessage("user.authenticated", username);

        oauth.realm(realm.getName()).openLoginForm();
        awaitRedirectWithCode(); // no login form: the SSO cookie signed the user in
        List<JsonNode> logins = awaitUserMessages("user.authenticated", username, 2);
        JsonNode second = logins.stream().filter(e -> !e.get("id").asText().equals(first.get("id").asText()))
                .findFirst().orElseThrow();
        assertEquals(first.at("/data/sessionId").asText(), second.at("/data/sessionId").asText(),
                "the cookie login continues the SSO session");
        assertEquals("LOGIN", second.at("/data/keycloak/eventType").asText());
        assertTrue(logged("user.authenticatedWithSSO", username).isEmpty(),
                "user.authenticatedWithSSO means an identity provider (docs/webhooks.md#event-catalogue), not the SSO cookie");
    }

    @Test
    void firstLoginThroughAnIdentityProviderIsSignUpAndSsoLogin() throws Exception {
        createWebhook("\"user.created\", \"user.signedUp\", \"user.authenticated\", \"user.authenticatedWithSSO\","
                + " \"user.authenticatedWithSAML\"");

        oauth.realm(realm.getName()).openLoginForm();
        loginPage.clickSocial(IDP);
        loginPage.fillLogin("pia", PIA_PASSWORD);
        loginPage.submit();
        awaitRedirectWithCode();

        String userId = realm.admin().users().search("pia", true).get(0).getId();
        for (String type : List.of("user.created", "user.signedUp", "user.authenticated", "user.authenticatedWithSSO")) {
            JsonNode data = awaitUserMessage(type, "pia").get("data");
            assertEquals(userId, data.at("/user/id").asText(), type);
            assertEquals("pia@partner.test", data.at("/user/email").asText(), type);
            assertEquals(IDP, data.at("/identityProvider/alias").asText(), type);
            assertEquals("oidc", data.at("/identityProvider/providerId").asText(), type);
            assertEquals(IDP, data.at("/keycloak/details/identity_provider").asText(), type);
            assertEquals(type.startsWith("user.authenticated") ? "LOGIN" : "REGISTER",
                    data.at("/keycloak/eventType").asText(), type);
        }
        assertTrue(logged("user.authenticatedWithSAML", "pia").isEmpty(), "an OIDC provider is no SAML login");
    }

    @Test
    void firstLoginThroughASamlIdentityProviderIsAlsoSamlLogin() throws Exception {
        createWebhook("\"user.signedUp\", \"user.authenticatedWithSSO\", \"user.authenticatedWithSAML\"");

        oauth.realm(realm.getName()).openLoginForm();
        loginPage.clickSocial(SAML_IDP);
        loginPage.fillLogin("sam", PIA_PASSWORD);
        loginPage.submit();
        // the SAML response carries only the NameID: Keycloak asks for the rest on first login
        awaitPage("login-idp-review-user-profile");
        setField("email", "sam@partner.test");
        setField("firstName", "Sam");
        setField("lastName", "Saml");
        driver.findElement(By.cssSelector("[type=submit]")).click();
        awaitRedirectWithCode();

        String userId = realm.admin().users().search("sam", true).get(0).getId();
        for (String type : List.of("user.signedUp", "user.authenticatedWithSSO", "user.authenticatedWithSAML")) {
            JsonNode data = awaitUserMessage(type, "sam").get("data");
            assertEquals(userId, data.at("/user/id").asText(), type);
            assertEquals(SAML_IDP, data.at("/identityProvider/alias").asText(), type);
            assertEquals("saml", data.at("/identityProvider/providerId").asText(), type);
        }
    }

    // --- helpers ---

    private String unique(String prefix) {
        return prefix + "-" + USERS.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    }

    private String createUser(String username, String... requiredActions) {
        return createUser(username, true, requiredActions);
    }

    private String createUser(String username, boolean emailVerified, String... requiredActions) {
        UserBuilder user = UserBuilder.create(username).email(username + "@catalogue.test").name("Cat", "User")
                .emailVerified(emailVerified).password(PASSWORD).requiredActions(requiredActions);
        try (Response created = realm.admin().users().create(user.build())) {
            assertEquals(201, created.getStatus());
            return created.getLocation().getPath().replaceAll(".*/", "");
        }
    }

    private void grantDeleteAccount(String userId) {
        ClientRepresentation account = realm.admin().clients().findByClientId("account").get(0);
        RoleRepresentation role = realm.admin().clients().get(account.getId()).roles().get("delete-account").toRepresentation();
        realm.admin().users().get(userId).roles().clientLevel(account.getId()).add(List.of(role));
    }

    private String createOrganization(String alias) {
        OrganizationRepresentation organization = new OrganizationRepresentation();
        organization.setName("Org " + alias);
        organization.setAlias(alias);
        organization.addDomain(new OrganizationDomainRepresentation(alias + ".catalogue.test"));
        try (Response created = realm.admin().organizations().create(organization)) {
            assertEquals(201, created.getStatus());
            return created.getLocation().getPath().replaceAll(".*/", "");
        }
    }

    private void organizations(boolean enabled) {
        RealmRepresentation rep = realm.admin().toRepresentation();
        if (rep.isOrganizationsEnabled() != enabled) {
            rep.setOrganizationsEnabled(enabled);
            realm.admin().update(rep);
        }
    }

    private String organizationAlias(String orgId) {
        return realm.admin().organizations().get(orgId).toRepresentation().getAlias();
    }

    private void login(String username, String password) {
        oauth.realm(realm.getName()).openLoginForm();
        loginPage.fillLogin(username, password);
        loginPage.submit();
    }

    private void setField(String id, String value) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private void awaitPage(String pageId) {
        Polls.until(() -> pageId.equals(currentPage()), WAIT);
        String current = currentPage();
        if (!pageId.equals(current)) {
            throw new AssertionError("expected page " + pageId + ", on " + current + " at " + driver.getCurrentUrl());
        }
    }

    /** Waits until the browser shows another page than this one; fails with the page's messages if it does not. */
    private void awaitLeft(String pageId) {
        Polls.until(() -> !pageId.equals(currentPage()), WAIT);
        if (pageId.equals(currentPage())) {
            throw new AssertionError("still on " + pageId + ": " + driver.findElement(By.tagName("body")).getText());
        }
    }

    /** The Keycloak page shown ({@code data-page-id}), or null while none is (navigating, or not a Keycloak page). */
    private String currentPage() {
        try {
            List<WebElement> body = driver.driver().findElements(By.tagName("body"));
            return body.isEmpty() ? null : body.get(0).getAttribute("data-page-id");
        } catch (org.openqa.selenium.WebDriverException e) {
            return null; // the page changed under us
        }
    }

    /** Waits for the redirect back to the client with an authorization code; returns the code. */
    private String awaitRedirectWithCode() {
        Redirects.awaitCode(driver, () -> " (page " + currentPage() + ")");
        return oauth.parseLoginResponse().getCode();
    }

    /** Keycloak's cookies are scoped to /realms/{realm}/: clear them for both realms. */
    private void clearCookies() {
        for (String name : List.of(realm.getName(), partner.getName())) {
            driver.open(urls.getBase() + "/realms/" + name + "/.well-known/openid-configuration");
            driver.cookies().deleteAll();
        }
    }

    private void createWebhook(String events) {
        AdminHttp.Response created = http.hooks("POST", realm.getName(), "webhooks", adminToken(), """
                {"id": "catalogue", "url": "%s", "events": [%s], "secret": "%s"}
                """.formatted(receiver.url(), events, SECRET));
        assertEquals(201, created.status(), created.body());
    }

    private String adminToken() {
        return masterAdmin.tokenManager().getAccessTokenString();
    }

    /** The first message of this type about this user (by username), its signatures and envelope checked. */
    private JsonNode awaitUserMessage(String type, String username) throws Exception {
        return awaitMessage(type, e -> username.equals(e.at("/data/user/username").asText()));
    }

    private JsonNode awaitMessage(String type, Predicate<JsonNode> about) throws Exception {
        HookReceiver.Received request = receiver.await(r -> {
            JsonNode envelope = parse(r.bodyText());
            return type.equals(envelope.get("type").asText()) && about.test(envelope);
        }, WAIT);
        return verified(request, type);
    }

    private List<JsonNode> awaitUserMessages(String type, String username, int count) throws Exception {
        java.time.Instant deadline = java.time.Instant.now().plus(WAIT);
        List<HookReceiver.Received> matching = List.of();
        while (java.time.Instant.now().isBefore(deadline)) {
            matching = receiver.received().stream().filter(r -> {
                JsonNode envelope = parse(r.bodyText());
                return type.equals(envelope.get("type").asText())
                        && username.equals(envelope.at("/data/user/username").asText());
            }).toList();
            if (matching.size() >= count) {
                break;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
        assertEquals(count, matching.size(), type + " for " + username + ": " + receiver.received());
        List<JsonNode> envelopes = new ArrayList<>();
        for (HookReceiver.Received request : matching) {
            envelopes.add(verified(request, type));
        }
        return envelopes;
    }

    /** Checks a received request as a receiver would, and the envelope's frame (docs/webhooks.md#envelope). */
    private JsonNode verified(HookReceiver.Received request, String type) throws Exception {
        ReceiverSignatures.verifyAll(request, SECRET, urls.getBase() + "/realms/" + realm.getName());
        JsonNode envelope = parse(request.bodyText());
        assertEquals(type, envelope.get("type").asText());
        assertEquals(request.header("webhook-id"), envelope.get("id").asText());
        assertTrue(envelope.get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                envelope.toString());
        assertEquals(realm.getId(), envelope.at("/realm/id").asText());
        assertEquals(realm.getName(), envelope.at("/realm/name").asText());
        assertTrue(envelope.get("data").isObject(), envelope.toString());
        return envelope;
    }

    /** The payloads of this type about this user in the webhook's delivery log (the outbox: every message written). */
    private List<JsonNode> logged(String type, String username) {
        AdminHttp.Response response = http.getHooks(realm.getName(), "webhooks/catalogue/deliveries?max=500", adminToken());
        assertEquals(200, response.status(), response.body());
        List<JsonNode> payloads = new ArrayList<>();
        for (JsonNode message : response.json()) {
            JsonNode payload = message.get("payload");
            if (type.equals(payload.get("type").asText()) && username.equals(payload.at("/data/user/username").asText())) {
                payloads.add(payload);
            }
        }
        return payloads;
    }

    private AdminHttp.Response accountApi(String method, String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(urls.getBase() + "/realms/" + realm.getName() + "/account" + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token)
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        return new AdminHttp.Response(response.statusCode(), response.body(), null);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private IdentityProviderRepresentation identityProvider() {
        return PartnerProvider.oidc(IDP, urls.getBase() + "/realms/" + partner.getName());
    }

    /** The partner realm as a SAML identity provider: its client {@link #SAML_SP} is this realm's broker. */
    private IdentityProviderRepresentation samlIdentityProvider() {
        String partnerBase = urls.getBase() + "/realms/" + partner.getName();
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(SAML_IDP);
        idp.setProviderId("saml");
        idp.setEnabled(true);
        Map<String, String> config = new HashMap<>();
        config.put("entityId", SAML_SP);
        config.put("idpEntityId", partnerBase);
        config.put("singleSignOnServiceUrl", partnerBase + "/protocol/saml");
        config.put("nameIDPolicyFormat", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified");
        config.put("principalType", "SUBJECT");
        config.put("postBindingResponse", "true");
        config.put("postBindingAuthnRequest", "true");
        config.put("validateSignature", "false");
        config.put("wantAuthnRequestsSigned", "false");
        config.put("syncMode", "IMPORT");
        idp.setConfig(config);
        return idp;
    }

    public static class CatalogueRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.registrationAllowed(true).resetPasswordAllowed(true);
        }
    }

    public static class PartnerRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            ClientRepresentation sp = new ClientRepresentation();
            sp.setClientId(SAML_SP);
            sp.setProtocol("saml");
            sp.setEnabled(true);
            sp.setRedirectUris(List.of("*"));
            sp.setAttributes(Map.of("saml.client.signature", "false", "saml.assertion.signature", "false",
                    "saml.server.signature", "true", "saml.force.post.binding", "true", "saml.authnstatement", "true",
                    "saml_name_id_format", "username", "saml_force_name_id_format", "true"));
            return realm.clients(ClientBuilder.create("broker").secret("broker-secret").redirectUris("*").build(), sp)
                    .users(UserBuilder.create("pia").email("pia@partner.test").emailVerified(true).name("Pia", "Partner")
                            .password(PIA_PASSWORD),
                            UserBuilder.create("sam").email("sam@partner.test").emailVerified(true).name("Sam", "Saml")
                            .password(PIA_PASSWORD));
        }
    }
}
