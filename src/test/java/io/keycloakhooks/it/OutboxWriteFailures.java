package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Outbox writes on a real database (docs/webhooks.md#when-the-outbox-write-fails): an issuer longer than the
 * {@code ISSUER} column (a 1,100-character {@code Host} header, as start-dev has no fixed host name) reaches the
 * receiver whole, from memory and read back from the database; and a write the database refuses (a CHECK
 * constraint the test adds for one message type) fails the request visibly with nothing of its change committed,
 * while an error event's refused write leaves the user's answer as it was. Its own Keycloak process on ports 8082
 * and 9082 (the subclasses pick the database and how to change its schema).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OutboxWriteFailures {

    static final String SECRET = "whsec_QWic4rvfEuLnP3dK38rYH0tmRZggmyGuN4Kb+ZsFZS0=";
    static final int PORT = 8082;
    static final String REALM = "outbox";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    HttpServer server;
    HookReceiver receiver;
    StandaloneKeycloak keycloak;
    AdminHttp http;

    /** The database options of {@code kc.sh start-dev}; the database is empty. */
    abstract List<String> freshDatabaseOptions() throws Exception;

    /** Makes the database refuse every outbox row of the type from now on. */
    abstract void refuseMessagesOf(String type);

    /** Takes back {@link #refuseMessagesOf} for every type. */
    abstract void acceptAllMessages();

    @BeforeAll
    void startKeycloak() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.start();
        receiver = new HookReceiver(server, "/outbox");
        List<String> options = new ArrayList<>(freshDatabaseOptions());
        options.add("--spi-hooks--default--retry-schedule=1s,1s,1s");
        keycloak = new StandaloneKeycloak(PORT, options);
        keycloak.start();
        http = new AdminHttp(keycloak.baseUrl());
        String token = adminToken();
        assertEquals(201, http.admin("POST", "/admin/realms", token,
                "{\"realm\": \"" + REALM + "\", \"enabled\": true}").status());
        createUser(token, "alice");
        AdminHttp.Response webhook = http.hooks("POST", REALM, "webhooks", token, """
                {"id": "outbox", "url": "%s", "secret": "%s",
                 "events": ["user.created", "user.authenticated", "user.failedAuthentication"]}
                """.formatted(receiver.url(), SECRET));
        assertEquals(201, webhook.status(), webhook.body());
    }

    @AfterAll
    void stopKeycloak() throws InterruptedException {
        if (keycloak != null) {
            keycloak.stop();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aLoginWithAHostLongerThanTheIssuerColumnIsDeliveredWithTheFullIssuer() throws Exception {
        String host = ("h".repeat(60) + ".").repeat(18) + "example";
        String issuer = "http://" + host + ":" + PORT + "/realms/" + REALM;
        assertTrue(issuer.length() > 1100);
        receiver.clear();
        receiver.answer(n -> HookReceiver.Answer.status(authenticated().size() == 1 ? 500 : 204));
        try {
            RawResponse token = tokenRequestWithHost(host + ":" + PORT, "alice", "alice-password");
            assertEquals(200, token.status(), token.body());
            assertEquals(issuer, claims(JSON.readTree(token.body()).get("access_token").asText()).get("iss").asText(),
                    "Keycloak's own issuer for that request");

            // the first attempt is handed over in memory; the retry reads the message back from the database
            Polls.until(() -> authenticated().size() >= 2, WAIT);
            for (HookReceiver.Received attempt : authenticated().subList(0, 2)) {
                ReceiverSignatures.verifyAll(attempt, SECRET, issuer);
            }
            assertEquals(authenticated().get(0).header("webhook-id"), authenticated().get(1).header("webhook-id"));
        } finally {
            receiver.answer(n -> HookReceiver.Answer.status(204));
        }
    }

    @Test
    void aChangeWhoseMessageTheDatabaseRefusesFailsVisiblyAndIsNotCommitted() throws Exception {
        String token = adminToken();
        try {
            refuseMessagesOf("user.created");
            AdminHttp.Response created = http.admin("POST", "/admin/realms/" + REALM + "/users", token,
                    user("refused-user"));
            assertEquals(500, created.status(), "the creation failed: " + created);

            refuseMessagesOf("user.authenticated");
            AdminHttp.Response login = http.tokenResponse(REALM, "alice", "alice-password");
            assertEquals(500, login.status(), "the token request failed: " + login);
            assertFalse(login.body().contains("access_token"), login.body());
        } finally {
            acceptAllMessages();
        }
        assertEquals("[]", http.admin("GET", "/admin/realms/" + REALM + "/users?exact=true&username=refused-user",
                token, null).body().replaceAll("\\s", ""), "the refused user was not committed");

        // the rest of the system is unharmed: the next change commits and its message is delivered
        createUser(token, "accepted-user");
        receiver.await(r -> "user.created".equals(type(r)) && "accepted-user".equals(username(r)), WAIT);
        assertTrue(receiver.received().stream().noneMatch(r -> "refused-user".equals(username(r))));
        assertEquals(200, http.tokenResponse(REALM, "accepted-user", "accepted-user-password").status());
    }

    @Test
    void anErrorEventWhoseMessageTheDatabaseRefusesLeavesTheAnswerUnchanged() throws Exception {
        receiver.clear();
        AdminHttp.Response before = http.tokenResponse(REALM, "alice", "wrong");
        receiver.await(r -> "user.failedAuthentication".equals(type(r)), WAIT);
        AdminHttp.Response refused;
        try {
            refuseMessagesOf("user.failedAuthentication");
            refused = http.tokenResponse(REALM, "alice", "also-wrong");
        } finally {
            acceptAllMessages();
        }
        assertEquals("invalid_grant", before.json().get("error").asText(), before.body());
        assertEquals(before.status(), refused.status(), refused.body());
        assertEquals(before.json().get("error").asText(), refused.json().get("error").asText());
        assertEquals("invalid_grant", refused.json().get("error").asText());
        assertEquals(before.json().get("error_description").asText(), refused.json().get("error_description").asText());

        AdminHttp.Response after = http.tokenResponse(REALM, "alice", "wrong-again");
        assertEquals(before.status(), after.status());
        Polls.until(() -> failedAuthentications() == 2, WAIT);
        assertEquals(2, failedAuthentications(), "the refused error event sent nothing; the ones around it arrived");
    }

    private long failedAuthentications() {
        return receiver.received().stream().filter(r -> "user.failedAuthentication".equals(type(r))).count();
    }

    /** alice's logins (other tests' users log in too). */
    private List<HookReceiver.Received> authenticated() {
        return receiver.received().stream()
                .filter(r -> "user.authenticated".equals(type(r)) && "alice".equals(username(r))).toList();
    }

    private String adminToken() {
        return http.userToken("master", "admin", "admin");
    }

    private void createUser(String token, String username) {
        AdminHttp.Response created = http.admin("POST", "/admin/realms/" + REALM + "/users", token, user(username));
        assertEquals(201, created.status(), created.body());
    }

    private static String user(String username) {
        return """
                {"username": "%1$s", "enabled": true, "email": "%1$s@example.com", "emailVerified": true,
                 "firstName": "First", "lastName": "Last",
                 "credentials": [{"type": "password", "value": "%1$s-password", "temporary": false}]}
                """.formatted(username);
    }

    private static String type(HookReceiver.Received r) {
        return body(r).path("type").asText();
    }

    private static String username(HookReceiver.Received r) {
        return body(r).at("/data/user/username").asText();
    }

    private static JsonNode body(HookReceiver.Received r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode claims(String jwt) throws IOException {
        return JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    record RawResponse(int status, String body) {
    }

    /** A password grant over a plain socket: java.net.http does not let a request set its own {@code Host}. */
    private static RawResponse tokenRequestWithHost(String host, String username, String password) throws IOException {
        String form = "grant_type=password&client_id=admin-cli&username=" + username + "&password=" + password;
        String request = "POST /realms/" + REALM + "/protocol/openid-connect/token HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + form.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + "Connection: close\r\n\r\n" + form;
        try (Socket socket = new Socket("127.0.0.1", PORT)) {
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            String text = response.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int bodyStart = text.indexOf("\r\n\r\n") + 4;
            return new RawResponse(status, dechunk(text.substring(0, bodyStart), text.substring(bodyStart)));
        }
    }

    private static String dechunk(String head, String body) {
        if (!head.toLowerCase().contains("transfer-encoding: chunked")) {
            return body;
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(body, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
