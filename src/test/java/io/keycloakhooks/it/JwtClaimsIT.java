package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
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

/**
 * The mapper {@code hooks-jwt-claims} on a real Keycloak: real token, refresh, userinfo and introspection requests,
 * a real receiver for the {@code jwt} prehooks.
 */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class JwtClaimsIT {

    static final String PASSWORD = "Alice-pass-1";
    static final String SECRET = "a-jwt-prehook-secret-of-more-than-32-chars";
    /** Mapper with every switch on, top-level claims. */
    static final String ALL = "app-all";
    /** Mapper in the access token only. */
    static final String ACCESS_ONLY = "app-access-only";
    /** Mapper with the namespace {@code ext}. */
    static final String NAMESPACED = "app-namespaced";
    static final List<String> PROTECTED = List.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti", "azp", "typ", "sid",
            "session_state", "auth_time", "nonce", "acr", "amr", "at_hash", "c_hash", "s_hash", "scope", "client_id",
            "cnf", "realm_access", "resource_access", "authorization", "organization", "allowed-origins", "email",
            "email_verified", "name", "preferred_username", "given_name", "family_name", "middle_name", "nickname",
            "phone_number", "phone_number_verified", "address", "birthdate", "gender", "locale", "picture", "profile",
            "website", "zoneinfo", "updated_at");
    static final String REDIRECT_URI = "http://localhost/jwt-callback";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @InjectRealm(config = ClaimsRealm.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak masterAdmin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectHttpServer
    HttpServer httpServer;

    HookReceiver receiver;
    HookReceiver second;
    AdminHttp http;
    final List<String> hooks = new ArrayList<>();
    final List<String> contexts = new ArrayList<>();

    @BeforeEach
    void setUp() {
        receiver = new HookReceiver(httpServer, "/jwt-claims");
        second = new HookReceiver(httpServer, "/jwt-claims-second");
        http = new AdminHttp(urls.getBase());
    }

    @AfterEach
    void tearDown() {
        receiver.stop();
        second.stop();
        contexts.forEach(httpServer::removeContext);
        String token = masterAdmin.tokenManager().getAccessTokenString();
        for (String id : hooks) {
            http.hooks("DELETE", realm.getName(), "prehooks/" + id, token, null);
        }
    }

    @Test
    void claimsReachAccessAndIdTokenFromOneSignedCallWithTheSpecsRequest() throws Exception {
        receiver.respond(200, "{\"customClaims\": {\"plan\": \"pro\", \"features\": [\"a\", \"b\"], \"team\": {\"id\": 7}}}");
        createHook("claims", receiver, "open", 0, 0, 2000);

        Token token = password(ALL, "openid email profile");

        assertEquals(200, token.status(), token.body().toString());
        for (JsonNode claims : List.of(token.access(), token.id())) {
            assertEquals("pro", claims.get("plan").asText());
            assertEquals(JSON.readTree("[\"a\", \"b\"]"), claims.get("features"));
            assertEquals(7, claims.get("team").get("id").asInt());
        }
        assertEquals(1, receiver.received().size(), "one call per token request, shared by access and ID token");

        HookReceiver.Received request = receiver.received().get(0);
        ReceiverSignatures.verifyAll(request, SECRET, urls.getBase() + "/realms/" + realm.getName());
        JsonNode envelope = JSON.readTree(request.body());
        assertEquals("jwt", envelope.get("type").asText());
        assertEquals(realm.getName(), envelope.get("realm").get("name").asText());
        assertEquals(ALL, envelope.get("context").get("client").get("clientId").asText());
        JsonNode data = envelope.get("data");
        assertEquals("alice", data.get("user").get("username").asText());
        assertEquals("alice@acme.test", data.get("user").get("email").asText());
        assertEquals("user", data.get("tokenType").asText());
        assertEquals(ALL, data.get("client").get("clientId").asText());
        assertEquals("password", data.get("grantType").asText());
        assertTrue(data.get("scope").asText().contains("email"), data.get("scope").asText());
        assertEquals(token.access().get("sid").asText(), data.get("sessionId").asText());
        assertTrue(data.get("organizations").isArray());
        assertTrue(hasText(data.get("roles").get("realm"), "member"), data.get("roles").toString());
        assertTrue(hasText(data.get("roles").get("clients").get(ALL), "editor"), data.get("roles").toString());
        assertEquals(token.access().get("sub").asText(), data.get("claims").get("sub").asText());
        assertEquals("alice", data.get("claims").get("preferred_username").asText());

        JsonNode logged = awaitExecution("claims");
        assertEquals("jwt", logged.get("trigger").asText());
        assertEquals("claims", logged.get("decision").asText());
        assertTrue(logged.get("proceeded").asBoolean());
        assertEquals("alice", logged.get("username").asText());
        assertEquals(200, logged.get("status").asInt());
    }

    /** The newest entry of a prehook's execution log, waiting for the log writer (it writes every 250 ms). */
    private JsonNode awaitExecution(String id) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        String token = masterAdmin.tokenManager().getAccessTokenString();
        JsonNode log;
        do {
            log = http.getHooks(realm.getName(), "prehooks/" + id + "/executions", token).json();
            if (log.size() > 0) {
                return log.get(0);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no execution log entry for " + id);
    }

    @Test
    void everyProtectedClaimStaysUntouched() {
        ObjectNode custom = JSON.createObjectNode();
        PROTECTED.forEach(claim -> custom.put(claim, "hooked"));
        custom.put("plan", "pro");
        receiver.respond(200, JSON.createObjectNode().set("customClaims", custom).toString());
        createHook("protect", receiver, "open", 0, 0, 2000);

        Token token = password(ALL, "openid email profile");

        assertEquals(200, token.status(), token.body().toString());
        for (JsonNode claims : List.of(token.access(), token.id(), userinfo(token.accessToken()),
                introspect(ALL, token.accessToken()))) {
            assertEquals("pro", claims.path("plan").asText(), claims.toString());
            for (String claim : PROTECTED) {
                JsonNode value = claims.get(claim);
                assertFalse(value != null && value.isTextual() && value.asText().equals("hooked"), claim + " in " + claims);
            }
        }
        assertEquals("alice", token.access().get("preferred_username").asText());
        assertEquals("alice@acme.test", token.id().get("email").asText());
        assertEquals(urls.getBase() + "/realms/" + realm.getName(), token.access().get("iss").asText());
    }

    @Test
    void theClaimsDialectAndTheNamespace() {
        receiver.respond(200, "{\"claims\": {\"plan\": \"team\", \"seats\": 5}}");
        createHook("dialect", receiver, "open", 0, 0, 2000);

        JsonNode topLevel = password(ALL, "openid").access();
        assertEquals("team", topLevel.get("plan").asText());
        assertEquals(5, topLevel.get("seats").asInt());

        Token namespaced = password(NAMESPACED, "openid");
        assertNull(namespaced.access().get("plan"), namespaced.access().toString());
        assertEquals("team", namespaced.access().get("ext").get("plan").asText());
        assertEquals(5, namespaced.id().get("ext").get("seats").asInt());
    }

    @Test
    void severalHooksAreMergedByOrderTheLaterWins() {
        receiver.respond(200, "{\"customClaims\": {\"plan\": \"free\", \"first\": true}}");
        second.respond(200, "{\"claims\": {\"plan\": \"pro\", \"second\": true}}");
        createHook("late", second, "open", 5, 0, 2000);
        createHook("early", receiver, "open", 1, 0, 2000);

        JsonNode access = password(ALL, "openid").access();

        assertEquals("pro", access.get("plan").asText());
        assertTrue(access.get("first").asBoolean());
        assertTrue(access.get("second").asBoolean());
    }

    @Test
    void failOpenIssuesTheTokenWithoutCustomClaims() {
        createHook("open", receiver, "open", 0, 0, 500);
        for (Supplier<String> failure : failures()) {
            String what = failure.get();
            Token token = password(ALL, "openid");
            assertEquals(200, token.status(), what + ": " + token.body());
            assertNull(token.access().get("plan"), what);
            assertNull(token.id().get("plan"), what);
        }
    }

    @Test
    void failClosedIsAnOAuthErrorAndNoToken() {
        createHook("closed", receiver, "closed", 0, 0, 500);
        receiver.respond(200, "{\"customClaims\": {\"plan\": \"pro\"}}");
        String earlierToken = password(ALL, "openid").accessToken();
        for (Supplier<String> failure : failures()) {
            String what = failure.get();
            for (Token token : List.of(password(ALL, "openid"), clientCredentials(ALL))) {
                assertEquals(503, token.status(), what + ": " + token.body());
                assertEquals("temporarily_unavailable", token.body().path("error").asText(), what);
                assertFalse(token.body().path("error_description").asText().isBlank(), what);
                assertNull(token.body().get("access_token"), what);
            }
        }
        Raw userinfo = send(HttpRequest.newBuilder(URI.create(oidc() + "/userinfo"))
                .header("Authorization", "Bearer " + earlierToken).GET().build());
        assertEquals(503, userinfo.status(), userinfo.body());
        assertEquals("temporarily_unavailable", userinfo.json().path("error").asText(), userinfo.body());
        retargetHooks(receiver.url());
        receiver.respond(200, "{\"customClaims\": {\"plan\": \"pro\"}}");
        Token healthy = password(ALL, "openid");
        assertEquals(200, healthy.status(), healthy.body().toString());
        assertEquals("pro", healthy.access().get("plan").asText());
    }

    @Test
    void sixteenKibOfClaimsIsTheCap() {
        createHook("cap", receiver, "closed", 0, 0, 2000);
        // {"big":"<v>"} is 10 bytes plus the value
        receiver.respond(200, "{\"customClaims\": {\"big\": \"" + "x".repeat(16 * 1024 - 10) + "\"}}");
        Token atTheCap = password(ALL, "openid");
        assertEquals(200, atTheCap.status(), atTheCap.body().toString());
        assertEquals(16 * 1024 - 10, atTheCap.access().get("big").asText().length());

        receiver.respond(200, "{\"customClaims\": {\"big\": \"" + "x".repeat(16 * 1024 - 9) + "\"}}");
        Token overTheCap = password(ALL, "openid");
        assertEquals(503, overTheCap.status(), overTheCap.body().toString());
    }

    @Test
    void refreshCallsAgainUnlessCached() {
        receiver.respond(200, "{\"customClaims\": {\"plan\": \"pro\"}}");
        createHook("uncached", receiver, "open", 0, 0, 2000);
        Token first = password(ALL, "openid");
        receiver.respond(200, "{\"customClaims\": {\"plan\": \"enterprise\"}}");
        Token refreshed = refresh(ALL, first.refreshToken());
        assertEquals(200, refreshed.status(), refreshed.body().toString());
        assertEquals("enterprise", refreshed.access().get("plan").asText());
        assertEquals("enterprise", refreshed.id().get("plan").asText());
        assertEquals(2, receiver.received().size());
        assertEquals("refresh_token", grantType(receiver.received().get(1)));

        deleteHooks();
        receiver.clear();
        receiver.respond(200, "{\"customClaims\": {\"plan\": \"cached\"}}");
        createHook("cached-refresh", receiver, "open", 0, 60, 2000);
        Token cachedFirst = password(ALL, "openid");
        receiver.respond(200, "{\"customClaims\": {\"plan\": \"changed\"}}");
        Token cachedRefresh = refresh(ALL, cachedFirst.refreshToken());
        assertEquals(200, cachedRefresh.status(), cachedRefresh.body().toString());
        assertEquals("cached", cachedRefresh.access().get("plan").asText());
        assertEquals(1, receiver.received().size(), "the refresh was answered from the cache");
    }

    @Test
    void authorizationCodeTokensGetTheClaims() throws Exception {
        receiver.respond(200, "{\"customClaims\": {\"plan\": \"browser\"}}");
        createHook("code", receiver, "open", 0, 0, 2000);

        String code = signInForCode(ALL);
        Token token = tokenRequest(form("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI,
                "client_id", ALL, "client_secret", secretOf(ALL)));

        assertEquals(200, token.status(), token.body().toString());
        assertEquals("browser", token.access().get("plan").asText());
        assertEquals("browser", token.id().get("plan").asText());
        assertEquals(1, receiver.received().size(), "one call for the code exchange; none while signing in");
        assertEquals("authorization_code", grantType(receiver.received().get(0)));
    }

    /** Signs alice in through Keycloak's login page over plain HTTP and returns the authorization code. */
    private String signInForCode(String clientId) throws Exception {
        // cookies by hand: Keycloak marks them Secure, which java.net.CookieManager never sends over http
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(oidc() + "/auth?" + form(
                "client_id", clientId, "response_type", "code", "scope", "openid", "redirect_uri", REDIRECT_URI,
                "state", "s1"))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        java.util.regex.Matcher action = java.util.regex.Pattern.compile("id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"|action=\"([^\"]+)\"[^>]*id=\"kc-form-login\"")
                .matcher(page.body());
        assertTrue(action.find(), page.body());
        String url = (action.group(1) != null ? action.group(1) : action.group(2)).replace("&amp;", "&");
        String cookies = page.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
                .collect(Collectors.joining("; "));
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies)
                .POST(HttpRequest.BodyPublishers.ofString(form("username", "alice", "password", PASSWORD, "credentialId", "")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, signedIn.statusCode(), signedIn.body());
        String location = signedIn.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT_URI), location);
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("[?&]code=([^&]+)").matcher(location);
        assertTrue(code.find(), location);
        return java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8);
    }

    @Test
    void clientCredentialsTokensAreForAServiceAccount() throws Exception {
        receiver.respond(200, "{\"customClaims\": {\"plan\": \"machine\"}}");
        createHook("service", receiver, "open", 0, 0, 2000);

        Token token = clientCredentials(ALL);

        assertEquals(200, token.status(), token.body().toString());
        assertEquals("machine", token.access().get("plan").asText());
        JsonNode data = JSON.readTree(receiver.received().get(0).body()).get("data");
        assertEquals("service_account", data.get("tokenType").asText());
        assertEquals("client_credentials", data.get("grantType").asText());
        assertEquals("service-account-" + ALL, data.get("user").get("username").asText());
        assertEquals(1, receiver.received().size());
    }

    @Test
    void idTokenUserinfoAndIntrospectionCarryTheClaimsOnlyWhenSwitchedOn() {
        receiver.respond(200, "{\"customClaims\": {\"plan\": \"pro\"}}");
        createHook("switches", receiver, "open", 0, 0, 2000);

        Token on = password(ALL, "openid");
        assertEquals("pro", on.id().get("plan").asText());
        assertEquals("pro", userinfo(on.accessToken()).get("plan").asText());
        JsonNode introspection = introspect(ALL, on.accessToken());
        assertEquals("pro", introspection.path("plan").asText(), introspection.toString());

        Token off = password(ACCESS_ONLY, "openid");
        assertEquals("pro", off.access().get("plan").asText());
        assertNull(off.id().get("plan"), off.id().toString());
        JsonNode userinfo = userinfo(off.accessToken());
        assertEquals("alice", userinfo.get("preferred_username").asText());
        assertNull(userinfo.get("plan"), userinfo.toString());
        JsonNode offIntrospection = introspect(ACCESS_ONLY, off.accessToken());
        assertTrue(offIntrospection.path("active").asBoolean(), offIntrospection.toString());
        assertNull(offIntrospection.get("plan"), offIntrospection.toString());
    }

    @Test
    void cachedClaimsAreReusedUntilTheTtlEnds() {
        receiver.respond(200, "{\"customClaims\": {\"plan\": \"v1\"}}");
        createHook("ttl", receiver, "open", 0, 2, 2000);

        assertEquals("v1", password(ALL, "openid").access().get("plan").asText());
        receiver.respond(200, "{\"customClaims\": {\"plan\": \"v2\"}}");
        assertEquals("v1", password(ALL, "openid").access().get("plan").asText(), "cache hit");
        assertEquals(1, receiver.received().size());

        Polls.until(() -> password(ALL, "openid").access().get("plan").asText().equals("v2"), Duration.ofSeconds(15));
        assertEquals(2, receiver.received().size(), "one more call once the cache entry expired");
        assertEquals("v2", password(ALL, "openid").access().get("plan").asText(), "the new answer");
        assertEquals(2, receiver.received().size(), "the new answer is cached again");

        receiver.clear();
        assertEquals("v2", password(ALL, "openid phone").access().get("plan").asText());
        assertEquals(1, receiver.received().size(), "another scope is another cache entry");
    }

    @Test
    void theUsersOrganizationsAreSent() throws Exception {
        receiver.respond(204, "");
        createHook("orgs", receiver, "open", 0, 0, 2000);
        String token = masterAdmin.tokenManager().getAccessTokenString();
        String orgs = "/admin/realms/" + realm.getName() + "/organizations";
        AdminHttp.Response created = http.admin("POST", orgs, token,
                "{\"name\": \"Acme Inc\", \"alias\": \"acme\", \"domains\": [{\"name\": \"acme.test\"}]}");
        assertEquals(201, created.status(), created.body());
        String orgId = created.location().substring(created.location().lastIndexOf('/') + 1);
        try {
            String userId = realm.admin().users().search("alice").get(0).getId();
            AdminHttp.Response member = http.admin("POST", orgs + "/" + orgId + "/members", token, "\"" + userId + "\"");
            assertEquals(201, member.status(), member.body());

            assertEquals(200, password(ALL, "openid").status());

            JsonNode organizations = JSON.readTree(receiver.received().get(0).body()).get("data").get("organizations");
            assertEquals(1, organizations.size(), organizations.toString());
            assertEquals(orgId, organizations.get(0).get("id").asText());
            assertEquals("acme", organizations.get(0).get("alias").asText());
            assertEquals("Acme Inc", organizations.get(0).get("name").asText());
        } finally {
            http.admin("DELETE", orgs + "/" + orgId, token, null);
        }
    }

    @Test
    void theAdminConsolesEvaluateViewCallsTheHook() {
        receiver.respond(200, "{\"customClaims\": {\"plan\": \"evaluated\"}}");
        createHook("evaluate", receiver, "open", 0, 0, 2000);
        String clientUuid = realm.admin().clients().findByClientId(ALL).get(0).getId();
        String userId = realm.admin().users().search("alice").get(0).getId();

        AdminHttp.Response example = http.admin("GET", "/admin/realms/" + realm.getName() + "/clients/" + clientUuid
                + "/evaluate-scopes/generate-example-access-token?scope=openid&userId=" + userId,
                masterAdmin.tokenManager().getAccessTokenString(), null);

        assertEquals(200, example.status(), example.body());
        assertEquals("evaluated", example.json().get("plan").asText());
        assertEquals(1, receiver.received().size());
    }

    // --- failures: each supplier sets the receiver up to fail and names the failure

    private List<Supplier<String>> failures() {
        String slowPath = "/jwt-claims-slow";
        return List.of(
                () -> {
                    receiver.respond(500, "{\"customClaims\": {\"plan\": \"pro\"}}");
                    return "5xx";
                },
                () -> {
                    receiver.respond(200, "<html>not json</html>");
                    return "garbage";
                },
                () -> {
                    receiver.respond(200, "{\"customClaims\": {\"plan\": \"" + "x".repeat(17 * 1024) + "\"}}");
                    return "oversize";
                },
                () -> {
                    if (!contexts.contains(slowPath)) {
                        contexts.add(slowPath);
                        // answers after 1.5 s from its own thread, so the server's one dispatcher thread stays free
                        httpServer.createContext(slowPath, exchange -> Thread.ofVirtual().start(() -> {
                            try (exchange) {
                                exchange.getRequestBody().readAllBytes();
                                Thread.sleep(1500);
                                byte[] answer = "{\"customClaims\": {\"plan\": \"late\"}}".getBytes(StandardCharsets.UTF_8);
                                exchange.sendResponseHeaders(200, answer.length);
                                exchange.getResponseBody().write(answer);
                            } catch (IOException | InterruptedException e) {
                                // the hook gave up first: that is the point
                            }
                        }));
                    }
                    retargetHooks("http://127.0.0.1:" + httpServer.getAddress().getPort() + slowPath);
                    return "timeout";
                });
    }

    // --- hooks

    private void createHook(String id, HookReceiver target, String failMode, int order, int ttl, int timeoutMs) {
        String token = masterAdmin.tokenManager().getAccessTokenString();
        AdminHttp.Response created = http.hooks("POST", realm.getName(), "prehooks", token, """
                {"id": "%s", "trigger": "jwt", "url": "%s", "secret": "%s", "failMode": "%s", "order": %d,
                 "cacheTtlSeconds": %d, "timeoutMs": %d}
                """.formatted(id, target.url(), SECRET, failMode, order, ttl, timeoutMs));
        assertEquals(201, created.status(), created.body());
        hooks.add(id);
    }

    /** Points every hook of this test at another URL. */
    private void retargetHooks(String url) {
        String token = masterAdmin.tokenManager().getAccessTokenString();
        for (String id : hooks) {
            JsonNode hook = http.hooks("GET", realm.getName(), "prehooks/" + id, token, null).json();
            ObjectNode update = ((ObjectNode) hook.deepCopy());
            update.put("url", url);
            AdminHttp.Response updated = http.hooks("PUT", realm.getName(), "prehooks/" + id, token, update.toString());
            assertEquals(2, updated.status() / 100, updated.status() + " " + updated.body());
        }
    }

    private void deleteHooks() {
        String token = masterAdmin.tokenManager().getAccessTokenString();
        for (String id : hooks) {
            assertEquals(204, http.hooks("DELETE", realm.getName(), "prehooks/" + id, token, null).status());
        }
        hooks.clear();
    }

    private static boolean hasText(JsonNode array, String text) {
        if (array == null) {
            return false;
        }
        for (JsonNode value : array) {
            if (value.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }

    private static String grantType(HookReceiver.Received request) {
        try {
            return JSON.readTree(request.body()).get("data").get("grantType").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // --- OAuth requests, as a client would send them

    private Token password(String clientId, String scope) {
        return tokenRequest(form("grant_type", "password", "client_id", clientId, "client_secret", secretOf(clientId),
                "username", "alice", "password", PASSWORD, "scope", scope));
    }

    private Token clientCredentials(String clientId) {
        return tokenRequest(form("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secretOf(clientId)));
    }

    private Token refresh(String clientId, String refreshToken) {
        return tokenRequest(form("grant_type", "refresh_token", "client_id", clientId,
                "client_secret", secretOf(clientId), "refresh_token", refreshToken));
    }

    private JsonNode userinfo(String accessToken) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(oidc() + "/userinfo"))
                .header("Authorization", "Bearer " + accessToken).GET().build();
        Raw response = send(request);
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    private JsonNode introspect(String clientId, String token) {
        Raw response = send(HttpRequest.newBuilder(URI.create(oidc() + "/token/introspect"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form("client_id", clientId, "client_secret", secretOf(clientId),
                        "token", token)))
                .build());
        assertEquals(200, response.status(), response.body());
        return response.json();
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

    static String form(String... pairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put(pairs[i], pairs[i + 1]);
        }
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static Raw send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Raw(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Raw(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    /** A token endpoint response; {@link #access()} and {@link #id()} are the tokens' payloads. */
    record Token(int status, JsonNode body) {
        String accessToken() {
            assertNotNull(body.get("access_token"), body.toString());
            return body.get("access_token").asText();
        }

        String refreshToken() {
            assertNotNull(body.get("refresh_token"), body.toString());
            return body.get("refresh_token").asText();
        }

        JsonNode access() {
            return payload(accessToken());
        }

        JsonNode id() {
            assertNotNull(body.get("id_token"), body.toString());
            return payload(body.get("id_token").asText());
        }

        private static JsonNode payload(String jwt) {
            String[] parts = jwt.split("\\.");
            assertEquals(3, parts.length, jwt);
            try {
                return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    // --- realm

    public static class ClaimsRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.realmRoles("member").organizationsEnabled(true)
                    .clients(client(ALL, Map.of()), client(ACCESS_ONLY, Map.of("id.token.claim", "false",
                            "userinfo.token.claim", "false", "introspection.token.claim", "false")),
                            client(NAMESPACED, Map.of("namespace", "ext")))
                    .clientRoles(ALL, "editor")
                    .users(UserBuilder.create("alice").email("alice@acme.test").emailVerified(true).name("Alice", "Example")
                            .password(PASSWORD).realmRoles("member").clientRoles(ALL, "editor"));
        }

        private static ClientRepresentation client(String clientId, Map<String, String> mapperConfig) {
            ClientRepresentation client = new ClientRepresentation();
            client.setClientId(clientId);
            client.setSecret(secretOf(clientId));
            client.setPublicClient(false);
            client.setEnabled(true);
            client.setDirectAccessGrantsEnabled(true);
            client.setServiceAccountsEnabled(true);
            client.setStandardFlowEnabled(true);
            client.setRedirectUris(List.of(REDIRECT_URI));
            client.setProtocol("openid-connect");
            ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
            mapper.setName("custom claims");
            mapper.setProtocol("openid-connect");
            mapper.setProtocolMapper("hooks-jwt-claims");
            Map<String, String> config = new LinkedHashMap<>(Map.of("access.token.claim", "true", "id.token.claim", "true",
                    "userinfo.token.claim", "true", "introspection.token.claim", "true"));
            config.putAll(mapperConfig);
            mapper.setConfig(config);
            // Keycloak 26.7 introspects a token only for a client in its audience
            ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
            audience.setName("own audience");
            audience.setProtocol("openid-connect");
            audience.setProtocolMapper("oidc-audience-mapper");
            audience.setConfig(Map.of("included.client.audience", clientId, "access.token.claim", "true",
                    "introspection.token.claim", "true"));
            client.setProtocolMappers(List.of(mapper, audience));
            return client;
        }
    }
}
