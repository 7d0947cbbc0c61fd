package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.keycloakhooks.admin.HooksAdminResource;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;
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
 * docs/openapi.yaml against the real admin API: every operation is called over HTTP (success and the main error
 * cases) and each response (status, body, declared headers) is validated against the document with
 * swagger-request-validator. The last test checks that every operation of the document was exercised; another
 * that every JAX-RS endpoint of the admin resource classes is in the document.
 */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiContractIT {

    static final String PASSWORD = "Contract-pass-1";
    static final String SECRET = "a-contract-test-secret-of-more-than-32-chars";
    static final String FLOW = "direct grant with hooks";
    static final Path DOCUMENT = Path.of("docs", "openapi.yaml");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final Duration WAIT = Duration.ofSeconds(20);

    /**
     * JAX-RS endpoints that exist because webhooks and prehooks share one resource class, but that only answer 404
     * for the other kind: not in the document (checked to answer 404 in {@link #kindSpecificEndpointsAnswer404}).
     */
    static final Set<String> OTHER_KIND_ONLY = Set.of(
            "GET /prehooks/{}/deliveries",
            "POST /prehooks/{}/deliveries/{}/redeliver",
            "POST /prehooks/{}/redeliver-failed",
            "GET /webhooks/{}/executions");

    /** "METHOD /path/{template}" of every validated call, kept across the test methods of this class. */
    static final Set<String> EXERCISED = ConcurrentHashMap.newKeySet();
    static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();

    @InjectRealm(config = ContractRealm.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak masterAdmin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectHttpServer
    HttpServer httpServer;

    @Test
    @Order(1)
    void unauthenticatedAndUnauthorizedCalls() {
        AdminHttp http = new AdminHttp(urls.getBase());
        String viewer = http.userToken(realm.getName(), "viewer", PASSWORD);
        String auditor = http.userToken(realm.getName(), "auditor", PASSWORD);
        String admin = adminToken();
        HookReceiver receiver = new HookReceiver(httpServer, "/openapi-contract-roles");
        String url = receiver.url();
        receiver.stop();
        assertEquals(201, call("POST", "/webhooks", admin, """
                {"id": "roles", "url": "%s", "events": ["user.*"]}
                """.formatted(url), 201).status());

        call("GET", "/events", null, null, 401);
        call("POST", "/webhooks", null, "{}", 401);
        call("GET", "/prehooks", null, null, 401);
        call("POST", "/webhooks", viewer, """
                {"url": "%s", "events": ["user.*"]}
                """.formatted(url), 403);
        call("DELETE", "/webhooks/roles", viewer, null, 403);
        call("GET", "/webhooks/roles/deliveries", viewer, null, 403);
        call("POST", "/webhooks/roles/redeliver-failed?since=2026-01-01T00:00:00Z", viewer, null, 403);
        call("GET", "/webhooks", auditor, null, 403);
        call("POST", "/prehooks", auditor, "{}", 403);
        call("GET", "/coverage", auditor, null, 403);
        call("POST", "/coverage/apply", viewer, null, 403);
        call("GET", "/coverage", viewer, null, 200);
        call("GET", "/webhooks/roles", viewer, null, 200);
        call("GET", "/webhooks/roles/deliveries", auditor, null, 200);
        call("DELETE", "/webhooks/roles", admin, null, 204);
    }

    @Test
    @Order(2)
    void webhooks() throws Exception {
        HookReceiver receiver = new HookReceiver(httpServer, "/openapi-contract-webhook");
        String token = adminToken();
        try {
            call("GET", "/events", token, null, 200);

            Reply created = call("POST", "/webhooks", token, """
                    {"id": "contract", "url": "%s", "events": ["user.authenticated"], "name": "Contract"}
                    """.formatted(receiver.url()), 201);
            assertTrue(created.json().get("secret").asText().startsWith("whsec_"), created.body());
            call("POST", "/webhooks", token, """
                    {"id": "contract", "url": "%s", "events": ["user.authenticated"]}
                    """.formatted(receiver.url()), 409);
            Reply invalid = call("POST", "/webhooks", token, """
                    {"url": "ftp://nowhere", "events": [], "timeoutMs": 5}
                    """, 400);
            assertTrue(invalid.json().get("errors").size() >= 3, invalid.body());
            String generated = call("POST", "/webhooks", token, """
                    {"url": "%s", "events": ["*"], "secret": "%s"}
                    """.formatted(receiver.url(), SECRET), 201).json().get("id").asText();
            putAttribute("hooks.webhook.broken", "{\"url\": 5, \"events\": \"user.*\"}");

            Reply list = call("GET", "/webhooks", token, null, 200);
            assertTrue(list.body().contains("\"valid\":false"), "the invalid hook is listed: " + list.body());
            call("GET", "/webhooks/contract", token, null, 200);
            call("GET", "/webhooks/broken", token, null, 200);
            call("GET", "/webhooks/nope", token, null, 404);

            long revision = call("GET", "/webhooks/contract", token, null, 200).json().get("revision").asLong();
            Reply replaced = call("PUT", "/webhooks/contract", token, """
                    {"url": "%s", "events": ["user.authenticated"], "secret": "**********", "revision": %d,
                     "description": "the contract test", "headers": {"X-Tenant": "acme"}, "timeoutMs": 3000}
                    """.formatted(receiver.url(), revision), 200);
            assertEquals(revision + 1, replaced.json().get("revision").asLong());
            call("PUT", "/webhooks/contract", token, """
                    {"url": "%s", "events": ["user.authenticated"], "secret": "**********", "revision": %d}
                    """.formatted(receiver.url(), revision), 409);
            call("PUT", "/webhooks/contract", token, """
                    {"url": "%s", "events": ["no.such.type"], "secret": "**********"}
                    """.formatted(receiver.url()), 400);
            call("PUT", "/webhooks/contract", token, """
                    {"id": "other", "url": "%s", "events": ["user.authenticated"]}
                    """.formatted(receiver.url()), 400);
            call("PUT", "/webhooks/nope", token, """
                    {"url": "%s", "events": ["user.authenticated"]}
                    """.formatted(receiver.url()), 404);
            Reply unsigned = call("PUT", "/webhooks/" + generated, token, """
                    {"url": "%s", "events": ["*"], "enabled": false}
                    """.formatted(receiver.url()), 200);
            assertTrue(unsigned.json().has("warnings"), unsigned.body());

            call("GET", "/webhooks/contract/revisions", token, null, 200);
            call("GET", "/webhooks/broken/revisions", token, null, 200);
            call("GET", "/webhooks/nope/revisions", token, null, 404);
            call("POST", "/webhooks/contract/revisions/1/restore", token, null, 200);
            call("POST", "/webhooks/contract/revisions/999/restore", token, null, 404);

            Reply test = call("POST", "/webhooks/contract/test", token, null, 200);
            assertTrue(test.json().get("success").asBoolean(), test.body());
            call("POST", "/webhooks/broken/test", token, null, 400);
            call("POST", "/webhooks/nope/test", token, null, 404);

            new AdminHttp(urls.getBase()).userToken(realm.getName(), "alice", PASSWORD);
            JsonNode delivery = awaitDelivered(token);
            String messageId = delivery.get("id").asText();
            call("GET", "/webhooks/contract/deliveries?status=delivered&first=0&max=10", token, null, 200);
            call("GET", "/webhooks/contract/deliveries?status=bogus", token, null, 400);
            call("GET", "/webhooks/contract/deliveries?max=0", token, null, 400);
            call("GET", "/webhooks/contract/deliveries?first=-1", token, null, 400);
            call("GET", "/webhooks/nope/deliveries", token, null, 404);
            Reply redelivered = call("POST", "/webhooks/contract/deliveries/" + messageId + "/redeliver", token, null, 202);
            assertEquals(messageId, redelivered.json().get("id").asText());
            call("POST", "/webhooks/contract/deliveries/no-such-message/redeliver", token, null, 404);
            call("POST", "/webhooks/nope/deliveries/" + messageId + "/redeliver", token, null, 404);
            call("POST", "/webhooks/contract/redeliver-failed?since=2026-01-01T00:00:00Z", token, null, 202);
            call("POST", "/webhooks/contract/redeliver-failed?since=yesterday", token, null, 400);
            call("POST", "/webhooks/nope/redeliver-failed?since=2026-01-01T00:00:00Z", token, null, 404);
            awaitPage(token, "/webhooks/contract/deliveries",
                    page -> page.get(0).get("attempts").size() >= 2 && "delivered".equals(page.get(0).get("status").asText()));

            call("DELETE", "/webhooks/contract", token, null, 204);
            call("DELETE", "/webhooks/contract", token, null, 404);
            Reply history = call("GET", "/webhooks/contract/revisions", token, null, 200);
            assertTrue(history.json().get(0).get("deleted").asBoolean(), history.body());
            assertTrue(history.json().get(0).get("hook").isNull(), history.body());
            Reply restored = call("POST", "/webhooks/contract/revisions/1/restore", token, null, 201);
            assertTrue(restored.location().endsWith("/hooks/webhooks/contract/revisions/1/restore/contract"),
                    "as docs/openapi.yaml says, the Location of a restore is built from the request URL: "
                            + restored.location());
            call("DELETE", "/webhooks/contract", token, null, 204);
            call("DELETE", "/webhooks/" + generated, token, null, 204);
            call("DELETE", "/webhooks/broken", token, null, 204);
        } finally {
            receiver.stop();
        }
    }

    @Test
    @Order(3)
    void prehooks() throws Exception {
        HookReceiver gate = new HookReceiver(httpServer, "/openapi-contract-gate");
        HookReceiver claims = new HookReceiver(httpServer, "/openapi-contract-claims");
        gate.respond(200, "{\"allow\": true}");
        claims.respond(200, "{\"customClaims\": {\"plan\": \"pro\", \"sub\": \"forged\"}}");
        String token = adminToken();
        try {
            Reply created = call("POST", "/prehooks", token, """
                    {"id": "gate", "trigger": "pre_sign_in", "url": "%s", "secret": "%s", "failMode": "open",
                     "timeoutMs": 2000, "order": 3}
                    """.formatted(gate.url(), SECRET), 201);
            assertEquals("**********", created.json().get("secret").asText());
            call("POST", "/prehooks", token, """
                    {"id": "claims", "trigger": "jwt", "url": "%s", "cacheTtlSeconds": 60, "failMode": "closed"}
                    """.formatted(claims.url()), 201);
            call("POST", "/prehooks", token, """
                    {"id": "gate", "trigger": "pre_sign_in", "url": "%s"}
                    """.formatted(gate.url()), 409);
            call("POST", "/prehooks", token, """
                    {"url": "%s", "failMode": "sometimes", "cacheTtlSeconds": 10}
                    """.formatted(gate.url()), 400);
            putAttribute("hooks.prehook.broken", "{\"trigger\": \"pre_sign_up\"}");

            call("GET", "/prehooks", token, null, 200);
            call("GET", "/prehooks/gate", token, null, 200);
            call("GET", "/prehooks/broken", token, null, 200);
            call("GET", "/prehooks/nope", token, null, 404);

            long revision = call("GET", "/prehooks/gate", token, null, 200).json().get("revision").asLong();
            call("PUT", "/prehooks/gate", token, """
                    {"trigger": "pre_sign_in", "url": "%s", "secret": "**********", "revision": %d, "name": "Gate",
                     "headers": {"X-Tenant": "acme"}}
                    """.formatted(gate.url(), revision), 200);
            call("PUT", "/prehooks/gate", token, """
                    {"trigger": "pre_sign_in", "url": "%s", "secret": "**********", "revision": %d}
                    """.formatted(gate.url(), revision), 409);
            call("PUT", "/prehooks/gate", token, """
                    {"trigger": "pre_sign_in", "url": "%s", "timeoutMs": 99999}
                    """.formatted(gate.url()), 400);
            call("PUT", "/prehooks/nope", token, """
                    {"trigger": "pre_sign_in", "url": "%s"}
                    """.formatted(gate.url()), 404);

            call("GET", "/prehooks/gate/revisions", token, null, 200);
            call("GET", "/prehooks/nope/revisions", token, null, 404);
            call("POST", "/prehooks/gate/revisions/1/restore", token, null, 200);
            call("POST", "/prehooks/gate/revisions/999/restore", token, null, 404);

            Reply decision = call("POST", "/prehooks/gate/test", token, null, 200);
            assertEquals("allow", decision.json().get("decision").asText(), decision.body());
            gate.respond(200, "{\"allow\": false, \"reason\": \"Seat limit reached\", \"messageKey\": \"seatLimit\","
                    + " \"fieldErrors\": {\"email\": \"Use your work email\"}}");
            decision = call("POST", "/prehooks/gate/test", token, null, 200);
            assertEquals("deny", decision.json().get("decision").asText(), decision.body());
            gate.respond(500, "");
            decision = call("POST", "/prehooks/gate/test", token, null, 200);
            assertEquals("failure", decision.json().get("decision").asText(), decision.body());
            gate.respond(200, "{\"allow\": true}");
            Reply jwt = call("POST", "/prehooks/claims/test", token, null, 200);
            assertEquals("claims", jwt.json().get("decision").asText(), jwt.body());
            assertEquals("sub", jwt.json().get("droppedClaims").get(0).asText(), jwt.body());
            call("POST", "/prehooks/broken/test", token, null, 400);
            call("POST", "/prehooks/nope/test", token, null, 404);

            signInThroughThePrehook();
            new AdminHttp(urls.getBase()).userToken(realm.getName(), "alice", PASSWORD);
            awaitPage(token, "/prehooks/gate/executions", page -> page.size() >= 1);
            call("GET", "/prehooks/gate/executions?first=0&max=5", token, null, 200);
            call("GET", "/prehooks/gate/executions?max=501", token, null, 400);
            call("GET", "/prehooks/gate/executions?first=-1", token, null, 400);
            call("GET", "/prehooks/nope/executions", token, null, 404);

            kindSpecificEndpointsAnswer404(token, claims.url());

            Reply coverage = call("GET", "/coverage", token, null, 200);
            assertEquals("pre_sign_in", coverage.json().get("triggers").get(0).get("trigger").asText(), coverage.body());
            Reply planned = call("POST", "/coverage/apply", token, null, 200);
            assertTrue(planned.json().get("dryRun").asBoolean(), planned.body());
            call("POST", "/coverage/apply?dryRun=maybe", token, null, 400);
            Reply applied = call("POST", "/coverage/apply?dryRun=false", token, null, 200);
            assertTrue(applied.json().get("coverage").get("triggers").get(0).get("complete").asBoolean(), applied.body());

            call("DELETE", "/prehooks/gate", token, null, 204);
            call("DELETE", "/prehooks/gate", token, null, 404);
            call("GET", "/prehooks/gate/revisions", token, null, 200);
            call("DELETE", "/prehooks/claims", token, null, 204);
            call("DELETE", "/prehooks/broken", token, null, 204);
        } finally {
            gate.stop();
            claims.stop();
        }
    }

    /** The endpoints of {@link #OTHER_KIND_ONLY} answer 404 for the other kind (not validated: not in the document). */
    private void kindSpecificEndpointsAnswer404(String token, String url) {
        assertEquals(404, send("GET", "/prehooks/gate/deliveries", token, null).statusCode());
        assertEquals(404, send("POST", "/prehooks/gate/deliveries/x/redeliver", token, null).statusCode());
        assertEquals(404, send("POST", "/prehooks/gate/redeliver-failed?since=2026-01-01T00:00:00Z", token, null)
                .statusCode());
        call("POST", "/webhooks", token, """
                {"id": "kind", "url": "%s", "events": ["user.*"]}
                """.formatted(url), 201);
        assertEquals(404, send("GET", "/webhooks/kind/executions", token, null).statusCode());
        call("DELETE", "/webhooks/kind", token, null, 204);
    }

    @Test
    @Order(10)
    void everyJaxRsEndpointIsInTheDocument() throws IOException {
        Set<String> endpoints = new TreeSet<>();
        walk(HooksAdminResource.class, "", endpoints);
        assertTrue(endpoints.containsAll(OTHER_KIND_ONLY), "the kind-specific endpoints exist: " + endpoints);
        Set<String> expected = new TreeSet<>(endpoints);
        expected.removeAll(OTHER_KIND_ONLY);
        Set<String> documented = new TreeSet<>(operations(document()).stream().map(OpenApiContractIT::normalized).toList());
        assertEquals(expected, documented, "JAX-RS endpoints (left) and the operations of " + DOCUMENT + " (right)");
    }

    @Test
    @Order(100)
    void everyOperationOfTheDocumentWasExercised() throws IOException {
        Set<String> missing = new TreeSet<>(operations(document()));
        missing.removeAll(EXERCISED);
        assertTrue(missing.isEmpty(), "operations of " + DOCUMENT + " no test called: " + missing);
    }

    // ---- JAX-RS reflection

    private static void walk(Class<?> resource, String prefix, Set<String> endpoints) {
        for (Method method : resource.getDeclaredMethods()) {
            jakarta.ws.rs.Path path = method.getAnnotation(jakarta.ws.rs.Path.class);
            String httpMethod = httpMethod(method);
            String full = path == null ? prefix : prefix + "/" + path.value().replaceAll("^/|/$", "");
            if (httpMethod != null) {
                endpoints.add(httpMethod + " " + normalizedPath(full.isEmpty() ? "/" : full));
            } else if (path != null) {
                walk(method.getReturnType(), full, endpoints);
            }
        }
    }

    private static String httpMethod(Method method) {
        if (method.isAnnotationPresent(GET.class)) {
            return "GET";
        }
        if (method.isAnnotationPresent(POST.class)) {
            return "POST";
        }
        if (method.isAnnotationPresent(PUT.class)) {
            return "PUT";
        }
        return method.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
    }

    private static String normalized(String operation) {
        int space = operation.indexOf(' ');
        return operation.substring(0, space) + " " + normalizedPath(operation.substring(space + 1));
    }

    private static String normalizedPath(String path) {
        return path.replaceAll("\\{[^}]+}", "{}");
    }

    // ---- the document

    private static OpenAPI document() throws IOException {
        return new OpenAPIV3Parser().readContents(Files.readString(DOCUMENT), null, null).getOpenAPI();
    }

    /** "METHOD /path" of every operation of the document. */
    private static Set<String> operations(OpenAPI api) {
        Set<String> operations = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> operations.add(method.name() + " " + path)));
        return operations;
    }

    private OpenApiInteractionValidator validator() {
        return VALIDATORS.computeIfAbsent(realm.getName(), name -> {
            try {
                return OpenApiInteractionValidator.createForInlineApiSpecification(Files.readString(DOCUMENT))
                        .withBasePathOverride(basePath()).build();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private String basePath() {
        return "/admin/realms/" + realm.getName() + "/hooks";
    }

    /** The document's path template that {@code path} (without query) matches. */
    private static String template(String method, String path) {
        List<String> matches = new ArrayList<>();
        try {
            for (String operation : operations(document())) {
                String[] parts = operation.split(" ", 2);
                Pattern pattern = Pattern.compile(parts[1].replaceAll("\\{[^}]+}", "[^/]+"));
                if (parts[0].equals(method) && pattern.matcher(path).matches()) {
                    matches.add(operation);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(1, matches.size(), method + " " + path + " matches " + matches);
        return matches.get(0);
    }

    // ---- HTTP

    record Reply(int status, String body, String location) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    /**
     * Calls {@code path} (relative to {@code /hooks}), checks the status, validates the response against the
     * document and records the operation as exercised.
     */
    private Reply call(String method, String path, String token, String json, int expectedStatus) {
        HttpResponse<String> response = send(method, path, token, json);
        String described = method + " " + path + " -> " + response.statusCode() + " " + response.headers().map() + " "
                + response.body();
        assertEquals(expectedStatus, response.statusCode(), described);
        String pathOnly = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String operation = template(method, pathOnly);

        SimpleResponse.Builder validated = SimpleResponse.Builder.status(response.statusCode());
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                validated.withHeader(name, values);
            }
        });
        if (!response.body().isEmpty()) {
            validated.withBody(response.body());
        }
        ValidationReport report = validator().validateResponse(basePath() + pathOnly,
                Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), validated.build());
        assertFalse(report.hasErrors(), described + "\ndoes not match " + DOCUMENT + ":\n" + report.getMessages().stream()
                .map(Object::toString).collect(Collectors.joining("\n")));
        EXERCISED.add(operation);
        return new Reply(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(null));
    }

    private HttpResponse<String> send(String method, String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(urls.getBase() + basePath() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String adminToken() {
        return masterAdmin.tokenManager().getAccessTokenString();
    }

    // ---- fixtures

    private JsonNode awaitDelivered(String token) throws IOException {
        JsonNode page = awaitPage(token, "/webhooks/contract/deliveries",
                p -> p.size() >= 1 && "delivered".equals(p.get(0).get("status").asText()));
        return page.get(0);
    }

    /** Polls a log endpoint (validating every page) until a page matches. */
    private JsonNode awaitPage(String token, String path, java.util.function.Predicate<JsonNode> match) throws IOException {
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode page;
        do {
            page = call("GET", path, token, null, 200).json();
            if (match.test(page)) {
                return page;
            }
            LockSupport.parkNanos(100_000_000L);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError(path + " never matched: " + page);
    }

    /** A hook attribute written through the realm representation, as config as code would (here: an invalid one). */
    private void putAttribute(String name, String value) {
        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.getAttributes().put(name, value);
        realm.admin().update(rep);
    }

    /** The realm's direct grant flow gets the pre-sign-in step, so that a password grant calls the prehooks. */
    private void signInThroughThePrehook() {
        if (Flows.copyWithStep(realm.admin().flows(), "direct grant", FLOW, FLOW, "hooks-pre-sign-in", null)) {
            RealmRepresentation rep = realm.admin().toRepresentation();
            rep.setDirectGrantFlow(FLOW);
            realm.admin().update(rep);
        }
    }

    public static class ContractRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.users(
                    UserBuilder.create("alice").email("alice@contract.test").name("Alice", "Contract").password(PASSWORD),
                    UserBuilder.create("viewer").email("viewer@contract.test").name("View", "Er").password(PASSWORD)
                            .clientRoles("realm-management", "view-realm"),
                    UserBuilder.create("auditor").email("auditor@contract.test").name("Audit", "Or").password(PASSWORD)
                            .clientRoles("realm-management", "view-events", "manage-events"));
        }
    }
}
