package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
import org.keycloak.util.JsonSerialization;
import org.openqa.selenium.By;

/**
 * {@code hooks-pre-password-reset} in the reset-credentials flow of a real Keycloak, in Chromium, with a real hook
 * receiver and a real SMTP server that the realm sends its reset emails to.
 */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class PrePasswordResetIT {

    static final String SECRET = "a-pre-password-reset-secret-of-32-chars+";
    static final String RESET = "reset with hooks";
    static final String EMAIL_SENT = "You should receive an email shortly with further instructions.";

    static SmtpReceiver smtp;

    @InjectRealm(config = ResetRealm.class)
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
        receiver = new HookReceiver(httpServer, "/pre-password-reset");
        http = new AdminHttp(urls.getBase());
        // between "Choose User" (priority 10) and "Send Reset Email" (20)
        Flows.copyWithStep(realm.admin().flows(), "reset credentials", RESET, RESET, "hooks-pre-password-reset", 15);
        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.setResetCredentialsFlow(RESET);
        rep.setSmtpServer(Map.of("host", "127.0.0.1", "port", String.valueOf(smtp.port()), "from", "keycloak@acme.test"));
        realm.admin().update(rep);
        createPrehook("reset");
        driver.cookies().deleteAll();
    }

    @AfterEach
    void tearDown() {
        receiver.stop();
        http.hooks("DELETE", realm.getName(), "prehooks/reset", masterAdmin.tokenManager().getAccessTokenString(), null);
        realm.admin().clearEvents();
    }

    @Test
    void denialSendsNoEmailAndShowsTheMessage() throws Exception {
        receiver.respond(200, "{\"allow\": false, \"reason\": \"Password resets are handled by your company's IT desk.\"}");
        int mailsBefore = smtp.mails().size();

        requestReset("alice");

        assertEquals("Password resets are handled by your company's IT desk.", topMessage());
        assertEquals(mailsBefore, smtp.mails().size(), "no email was sent (Keycloak sends it within the request)");
        HookReceiver.Received request = receiver.await(r -> true, Duration.ofSeconds(10));
        ReceiverSignatures.verifyAll(request, SECRET, urls.getBase() + "/realms/" + realm.getName());
        JsonNode envelope = JsonSerialization.readValue(request.body(), JsonNode.class);
        assertEquals("pre_password_reset", envelope.get("type").asText());
        assertEquals("alice", envelope.get("data").get("user").get("username").asText());
        assertEquals("alice@acme.test", envelope.get("data").get("user").get("email").asText());

        List<EventRepresentation> errors = realm.admin().getEvents(List.of("RESET_PASSWORD_ERROR"), null, null, null, null, null, 0, 10);
        assertTrue(errors.stream().anyMatch(e -> "hooks_denied".equals(e.getError()) && "reset".equals(e.getDetails().get("hook"))),
                errors.toString());
        assertTrue(realm.admin().getEvents(List.of("SEND_RESET_PASSWORD"), null, null, null, null, null, 0, 10).isEmpty());
    }

    @Test
    void markupInTheMessageIsShownAsTextOnEveryTheme() {
        receiver.respond(200, HookTextOnPages.denial(null));
        for (String theme : HookTextOnPages.LOGIN_THEMES) {
            HookTextOnPages.useLoginTheme(realm, theme);
            driver.cookies().deleteAll();
            requestReset("alice");
            assertEquals(HookTextOnPages.MESSAGE, HookTextOnPages.visible(topMessage()).trim(), theme);
            HookTextOnPages.assertShownAsText(driver, theme);
        }
    }

    @Test
    void allowedResetSendsTheEmail() {
        receiver.respond(200, "{\"continue\": true}");

        requestReset("alice");

        assertEquals(EMAIL_SENT, topMessage());
        SmtpReceiver.Mail mail = smtp.await("alice@acme.test", Duration.ofSeconds(10));
        assertTrue(mail.data().contains("Subject: Reset password"), mail.data());
        assertEquals(1, receiver.received().size());
    }

    @Test
    void anUnknownUserLooksTheSameAndTheHookIsNotAsked() {
        receiver.respond(200, "{\"allow\": false, \"reason\": \"would reveal the account\"}");

        requestReset("nobody");

        assertEquals(EMAIL_SENT, topMessage());
        assertTrue(receiver.received().isEmpty(), "no user: the step does nothing");
    }

    private void requestReset(String username) {
        oauth.realm(realm.getName()).openLoginForm();
        loginPage.resetPassword();
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.cssSelector("[type=submit]")).click();
    }

    private String topMessage() {
        return driver.findElement(By.className("kc-feedback-text")).getText();
    }

    private void createPrehook(String id) {
        String token = masterAdmin.tokenManager().getAccessTokenString();
        AdminHttp.Response created = http.hooks("POST", realm.getName(), "prehooks", token, """
                {"id": "%s", "trigger": "pre_password_reset", "url": "%s", "secret": "%s", "timeoutMs": 2000}
                """.formatted(id, receiver.url(), SECRET));
        assertEquals(201, created.status(), created.body());
    }

    public static class ResetRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.resetPasswordAllowed(true).eventsEnabled(true)
                    .users(UserBuilder.create("alice").email("alice@acme.test").name("Alice", "Example").password("Alice-pass-1"));
        }
    }
}
