package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectHttpServer;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.realm.UserBuilder;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.util.JsonSerialization;

/**
 * Prehook coverage without a browser (direct grant, reset credentials, the API's answers): an uncovered path is
 * reported with a reason and really lets the user through without the hook; after apply the path is covered and the
 * hook is asked (and denies). One realm per test, a real receiver that denies.
 */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class CoverageApplyIT {

    static final String SECRET = "a-coverage-apply-secret-of-32-chars-or-more";
    static final String PASSWORD = "Cover-pass-1";
    static final String HOOK_MESSAGE = "Sign-ins are paused by policy.";
    static final String HOOKS_STEP = "hooks-pre-sign-in";

    @InjectRealm(ref = "cov-direct", config = DirectGrantRealm.class)
    ManagedRealm direct;

    @InjectRealm(ref = "cov-otp", config = UsersRealm.class)
    ManagedRealm otp;

    @InjectRealm(ref = "cov-custom", config = CustomRealm.class)
    ManagedRealm custom;

    @InjectRealm(ref = "cov-reset", config = UsersRealm.class)
    ManagedRealm reset;

    @InjectRealm(ref = "cov-shapes", config = ShapesRealm.class)
    ManagedRealm shapes;

    @InjectRealm(ref = "cov-copies", config = UsersRealm.class)
    ManagedRealm copies;

    @InjectAdminClient
    Keycloak masterAdmin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectHttpServer
    HttpServer httpServer;

    @RegisterExtension
    final HookReceivers receivers = new HookReceivers();

    @Test
    void directGrantIsABypassUntilApplyThenTheHookDenies() throws Exception {
        Coverage api = api(direct);
        HookReceiver receiver = denyingReceiver("/cov-direct");
        api.createPrehook("gate", "pre_sign_in", receiver.url(), SECRET);

        JsonNode before = api.get();
        assertFalse(before.get("complete").asBoolean(), before.toString());
        Coverage.assertUncovered(Coverage.path(before, "pre_sign_in", "direct_grant", "realm", null), "direct grant", null);
        assertGranted(api, "app", "the realm's direct grant flow has no step: the bypass works");
        assertTrue(receiver.received().isEmpty(), "the hook was not asked: " + receiver.received());

        Coverage.overrideBinding(direct.admin(), "app2", "direct_grant", "direct grant");
        JsonNode overridden = api.get();
        Coverage.assertUncovered(Coverage.path(overridden, "pre_sign_in", "direct_grant", "client", "app2"), "direct grant", null);
        assertTrue(paths(overridden, "pre_sign_in").stream().noneMatch(p -> "app".equals(p.path("client").asText(null))),
                "a client without an override has no entry of its own: " + overridden);
        assertGranted(api, "app2", "the client override has no step: the bypass works");
        assertTrue(receiver.received().isEmpty(), "the hook was not asked: " + receiver.received());

        List<String> flowsBefore = Coverage.flowsSnapshot(direct.admin());
        List<String> bindingsBefore = Coverage.bindingsSnapshot(direct.admin());
        direct.admin().clearAdminEvents();

        JsonNode dry = api.apply(true);
        assertTrue(dry.get("dryRun").asBoolean(), dry.toString());
        assertEquals(overridden, dry.get("coverage"), "a dry run answers with the current coverage");
        JsonNode realmChange = Coverage.change(dry, "direct_grant", "realm", null);
        assertEquals(Set.of("path", "binding", "from", "to", "action"), Coverage.fields(realmChange), realmChange.toString());
        assertEquals("direct grant", realmChange.get("from").asText());
        assertEquals("direct grant with hooks", realmChange.get("to").asText());
        assertEquals("copy", realmChange.get("action").asText());
        JsonNode clientChange = Coverage.change(dry, "direct_grant", "client", "app2");
        assertEquals(Set.of("path", "binding", "client", "from", "to", "action"), Coverage.fields(clientChange), clientChange.toString());
        assertEquals("direct grant with hooks", clientChange.get("to").asText());
        assertEquals("bind", clientChange.get("action").asText(), "the realm path's copy is reused: " + clientChange);
        assertEquals("browser with hooks", Coverage.change(dry, "browser", "realm", null).get("to").asText());
        assertEquals(flowsBefore, Coverage.flowsSnapshot(direct.admin()), "a dry run creates and changes no flow");
        assertEquals(bindingsBefore, Coverage.bindingsSnapshot(direct.admin()), "a dry run binds nothing");
        assertEquals(overridden, api.get(), "a dry run leaves the coverage as it was");
        assertEquals(List.of(), direct.admin().getAdminEvents(), "a dry run records no admin event");
        assertGranted(api, "app", "still a bypass after the dry run");
        assertTrue(receiver.received().isEmpty());

        JsonNode applied = api.apply(false);
        assertFalse(applied.get("dryRun").asBoolean(), applied.toString());
        assertEquals(changeKeys(dry), changeKeys(applied), "the dry run listed what apply does");
        JsonNode after = api.get();
        assertEquals(after, applied.get("coverage"), "apply answers with the coverage after its changes");
        JsonNode signIn = Coverage.trigger(after, "pre_sign_in");
        assertTrue(signIn.get("complete").asBoolean(), signIn.toString());
        assertTrue(after.get("complete").asBoolean(), after.toString());
        Coverage.assertCovered(Coverage.path(after, "pre_sign_in", "browser", "realm", null), "browser with hooks");
        Coverage.assertCovered(Coverage.path(after, "pre_sign_in", "direct_grant", "realm", null), "direct grant with hooks");
        Coverage.assertCovered(Coverage.path(after, "pre_sign_in", "direct_grant", "client", "app2"), "direct grant with hooks");

        RealmRepresentation rep = direct.admin().toRepresentation();
        assertEquals("direct grant with hooks", rep.getDirectGrantFlow());
        assertEquals("browser with hooks", rep.getBrowserFlow());
        assertEquals(Map.of("direct_grant", Coverage.flowId(direct.admin(), "direct grant with hooks")),
                direct.admin().clients().findByClientId("app2").get(0).getAuthenticationFlowBindingOverrides());
        assertEquals(flowLines(flowsBefore, "direct grant"), flowLines(Coverage.flowsSnapshot(direct.admin()), "direct grant"),
                "the original flow is left unchanged");

        for (String client : List.of("app", "app2")) {
            AdminHttp.Response denied = api.passwordGrant(client, "alice", PASSWORD);
            assertEquals(403, denied.status(), client + ": " + denied.body());
            assertEquals("access_denied", denied.json().get("error").asText());
            assertEquals(HOOK_MESSAGE, denied.json().get("error_description").asText());
        }
        assertEquals(2, receiver.received().size(), "asked once per token request: " + receiver.received());
        JsonNode envelope = JsonSerialization.readValue(receiver.received().get(1).body(), JsonNode.class);
        assertEquals("pre_sign_in", envelope.get("type").asText());
        assertEquals("direct_grant", envelope.at("/data/authMethod").asText());
        assertEquals("app2", envelope.at("/context/client/clientId").asText());

        List<AdminEventRepresentation> events = direct.admin().getAdminEvents();
        Set<String> types = events.stream().map(AdminEventRepresentation::getResourceType).collect(Collectors.toSet());
        assertTrue(types.containsAll(Set.of("AUTH_FLOW", "REALM", "CLIENT")), "admin events of the changes: " + types);
        assertTrue(events.size() >= applied.get("changes").size(), "an admin event per change: " + events.size());

        JsonNode again = api.apply(false);
        assertEquals(0, again.get("changes").size(), "a second apply changes nothing: " + again);
        assertEquals(after, again.get("coverage"));
        assertEquals(events.size(), direct.admin().getAdminEvents().size(), "a second apply records no admin event");
    }

    @Test
    void aStepInTheConditionalOtpSubFlowIsSkippedForUsersWithoutOtpUntilApply() {
        Coverage api = api(otp);
        AuthenticationManagementResource flows = otp.admin().flows();
        String flow = "direct grant otp step";
        flows.copy("direct grant", Map.of("newName", flow)).close();
        String otpSubFlow = Coverage.subFlows(flows, flow).stream().filter(a -> a.endsWith("Conditional OTP")).findFirst().orElseThrow();
        flows.addExecution(otpSubFlow, Map.of("provider", HOOKS_STEP));
        Flows.require(flows, flow, HOOKS_STEP);
        bindRealm(otp, rep -> rep.setDirectGrantFlow(flow));
        HookReceiver receiver = denyingReceiver("/cov-otp");
        api.createPrehook("otp-gate", "pre_sign_in", receiver.url(), SECRET);

        JsonNode path = Coverage.path(api.get(), "pre_sign_in", "direct_grant", "realm", null);
        Coverage.assertUncovered(path, flow, "conditional sub-flow");
        assertTrue(path.get("reason").asText().contains(otpSubFlow), "names the sub-flow: " + path);
        assertGranted(api, "admin-cli", "a user without OTP skips the conditional sub-flow");
        assertTrue(receiver.received().isEmpty(), "the hook was not asked: " + receiver.received());

        JsonNode applied = api.apply(false);
        JsonNode change = Coverage.change(applied, "direct_grant", "realm", null);
        assertEquals(flow, change.get("from").asText());
        assertEquals(flow + " with hooks", change.get("to").asText());
        assertEquals("copy", change.get("action").asText());
        Coverage.assertCovered(Coverage.path(api.get(), "pre_sign_in", "direct_grant", "realm", null), flow + " with hooks");

        AdminHttp.Response denied = api.passwordGrant("admin-cli", "alice", PASSWORD);
        assertEquals(403, denied.status(), denied.body());
        assertEquals(HOOK_MESSAGE, denied.json().get("error_description").asText());
        assertEquals(1, receiver.received().size(), receiver.received().toString());
    }

    /**
     * The admin's own direct grant flow has an extra conditional sub-flow: a "sub-flow executed" condition naming the
     * OTP sub-flow by alias, a role condition and a configured deny step. The copy apply makes keeps all of it, with
     * the condition naming the copy's OTP sub-flow, and contractors are still turned away by the admin's step.
     */
    @Test
    void aCustomisedFlowKeepsItsStepsAndConfigsInTheCopy() {
        Coverage api = api(custom);
        AuthenticationManagementResource flows = custom.admin().flows();
        String flow = "direct grant custom";
        flows.copy("direct grant", Map.of("newName", flow)).close();
        String otpSubFlow = Coverage.subFlows(flows, flow).stream().filter(a -> a.endsWith("Conditional OTP")).findFirst().orElseThrow();
        String check = "contractor check";
        flows.addExecutionFlow(flow, Map.of("alias", check, "type", "basic-flow"));
        setRequirement(flows, flow, e -> check.equals(e.getDisplayName()), "CONDITIONAL");
        addConfigured(flows, flow, check, "conditional-sub-flow-executed", "otp not run",
                Map.of("flow_to_check", otpSubFlow, "check_result", "not-executed"));
        addConfigured(flows, flow, check, "conditional-user-role", "is contractor", Map.of("condUserRole", "contractor", "negate", "false"));
        addConfigured(flows, flow, check, "deny-access-authenticator", "contractors out",
                Map.of("denyErrorMessage", "Contractors sign in through the portal."));
        bindRealm(custom, rep -> rep.setDirectGrantFlow(flow));
        List<String> original = Coverage.executions(flows, flow);

        AdminHttp.Response contractor = api.passwordGrant("admin-cli", "connie", PASSWORD);
        assertTurnedAway(contractor, "the admin's step turns contractors away");
        assertGranted(api, "admin-cli", "others get through");

        HookReceiver receiver = denyingReceiver("/cov-custom");
        api.createPrehook("custom-gate", "pre_sign_in", receiver.url(), SECRET);
        Coverage.assertUncovered(Coverage.path(api.get(), "pre_sign_in", "direct_grant", "realm", null), flow, null);

        JsonNode applied = api.apply(false);
        String copy = flow + " with hooks";
        assertEquals(copy, Coverage.change(applied, "direct_grant", "realm", null).get("to").asText());

        List<String> expected = new ArrayList<>(Coverage.renamed(original, Coverage.subFlows(flows, flow), copy));
        expected.add("0 " + HOOKS_STEP + " REQUIRED");
        assertAll(
                () -> assertEquals(expected, Coverage.executions(flows, copy),
                        "the copy has every execution, requirement and config of the original, its sub-flows renamed, the"
                                + " condition naming the copy's OTP sub-flow, and the step REQUIRED at the end of the top level"),
                () -> assertTrue(Coverage.subFlows(flows, copy).contains(copy + " " + otpSubFlow),
                        Coverage.subFlows(flows, copy).toString()),
                () -> assertEquals(original, Coverage.executions(flows, flow), "the original is unchanged"),
                () -> {
                    assertTurnedAway(api.passwordGrant("admin-cli", "connie", PASSWORD), "the copy still turns contractors away");
                    assertTrue(receiver.received().isEmpty(), "the admin's step stopped the contractor before the hook");
                },
                () -> {
                    receiver.clear();
                    AdminHttp.Response denied = api.passwordGrant("admin-cli", "alice", PASSWORD);
                    assertEquals(403, denied.status(), denied.body());
                    assertEquals(HOOK_MESSAGE, denied.json().get("error_description").asText());
                    assertEquals(1, receiver.received().size());
                });
    }

    @Test
    void resetCredentialsGetsTheStepRightAfterChooseUser() {
        Coverage api = api(reset);
        HookReceiver receiver = denyingReceiver("/cov-reset");
        api.createPrehook("reset-gate", "pre_password_reset", receiver.url(), SECRET);
        JsonNode before = api.get();
        Coverage.assertUncovered(Coverage.path(before, "pre_password_reset", "reset_credentials", "realm", null),
                "reset credentials", null);
        AuthenticationManagementResource flows = reset.admin().flows();
        List<String> original = Coverage.executions(flows, "reset credentials");

        JsonNode applied = api.apply(false);
        JsonNode change = Coverage.change(applied, "reset_credentials", "realm", null);
        assertEquals("reset credentials", change.get("from").asText());
        assertEquals("reset credentials with hooks", change.get("to").asText());
        assertEquals("copy", change.get("action").asText());
        Coverage.assertCovered(Coverage.path(api.get(), "pre_password_reset", "reset_credentials", "realm", null),
                "reset credentials with hooks");
        assertEquals("reset credentials with hooks", reset.admin().toRepresentation().getResetCredentialsFlow());

        List<String> expected = new ArrayList<>(
                Coverage.renamed(original, Coverage.subFlows(flows, "reset credentials"), "reset credentials with hooks"));
        int chooseUser = expected.indexOf("0 reset-credentials-choose-user REQUIRED");
        assertTrue(chooseUser >= 0, original.toString());
        expected.add(chooseUser + 1, "0 hooks-pre-password-reset REQUIRED");
        assertEquals(expected, Coverage.executions(flows, "reset credentials with hooks"));
        assertEquals(original, Coverage.executions(flows, "reset credentials"), "the original is unchanged");
        assertEquals(0, api.apply(false).get("changes").size(), "a second apply changes nothing");
    }

    /** The answers to the letter of the admin API documentation: field names, order of triggers and paths, reasons. */
    @Test
    void answersHaveTheDocumentedShape() {
        Coverage api = api(shapes);
        String viewerToken = new AdminHttp(urls.getBase()).userToken(shapes.getName(), "viewer", PASSWORD);
        Coverage.overrideBinding(shapes.admin(), "web", "browser", "browser");
        Coverage.overrideBinding(shapes.admin(), "app2", "direct_grant", "direct grant");
        Coverage.overrideBinding(shapes.admin(), "no-grants", "direct_grant", "direct grant");
        Coverage.overrideBinding(shapes.admin(), "off", "browser", "browser");
        HookReceiver receiver = receivers.start(httpServer, "/cov-shapes");

        JsonNode signIn = api.createPrehook("shape-in", "pre_sign_in", receiver.url(), SECRET).get("coverage");
        assertEquals(Set.of("trigger", "prehooks", "complete", "paths"), Coverage.fields(signIn), signIn.toString());
        assertEquals("pre_sign_in", signIn.get("trigger").asText());
        assertEquals(List.of("shape-in"), texts(signIn.get("prehooks")));
        assertFalse(signIn.get("complete").asBoolean());
        assertEquals(List.of("browser realm null browser", "direct_grant realm null direct grant", "browser client web browser",
                "direct_grant client app2 direct grant"), pathKeys(signIn),
                "realm paths, then client browser overrides, then direct grant overrides; disabled clients and clients"
                        + " without direct grants have none");
        for (JsonNode path : signIn.get("paths")) {
            Set<String> expected = "client".equals(path.get("binding").asText())
                    ? Set.of("path", "binding", "client", "flow", "covered", "reason")
                    : Set.of("path", "binding", "flow", "covered", "reason");
            assertEquals(expected, Coverage.fields(path), path.toString());
            assertFalse(path.get("covered").asBoolean());
            String reason = path.get("reason").asText();
            assertTrue(reason.endsWith(".") && reason.indexOf(". ") < 0, "one sentence: " + reason);
        }

        JsonNode jwt = api.createPrehook("shape-jwt", "jwt", receiver.url(), SECRET).get("coverage");
        List<String> tokenClients = new ArrayList<>();
        for (JsonNode path : jwt.get("paths")) {
            assertEquals(Set.of("path", "binding", "client", "covered", "reason"), Coverage.fields(path), path.toString());
            assertEquals("token", path.get("path").asText());
            assertEquals("client", path.get("binding").asText());
            tokenClients.add(path.get("client").asText());
        }
        assertEquals(tokenClients.stream().sorted().toList(), tokenClients, "sorted by clientId");
        assertTrue(tokenClients.containsAll(List.of("admin-cli", "app2", "web")), tokenClients.toString());
        assertFalse(tokenClients.contains("realm-management"), "bearer-only: no tokens");
        assertFalse(tokenClients.contains("off"), "disabled");
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("hook claims");
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("hooks-jwt-claims");
        mapper.setConfig(Map.of("access.token.claim", "true"));
        String webId = shapes.admin().clients().findByClientId("web").get(0).getId();
        shapes.admin().clients().get(webId).getProtocolMappers().createMapper(mapper).close();
        JsonNode web = Coverage.path(api.get(), "jwt", "token", "client", "web");
        assertTrue(web.get("covered").asBoolean() && !web.has("reason"), "the client's own mapper covers it: " + web);

        JsonNode signUp = api.createPrehook("shape-up", "pre_sign_up", receiver.url(), SECRET).get("coverage");
        assertEquals(List.of("registration realm null registration"), pathKeys(signUp));
        JsonNode resetCoverage = api.createPrehook("shape-reset", "pre_password_reset", receiver.url(), SECRET).get("coverage");
        assertEquals(List.of("reset_credentials realm null reset credentials"), pathKeys(resetCoverage));

        JsonNode all = api.get();
        assertEquals(Set.of("complete", "triggers"), Coverage.fields(all));
        assertFalse(all.get("complete").asBoolean());
        List<String> triggers = new ArrayList<>();
        all.get("triggers").forEach(t -> triggers.add(t.get("trigger").asText()));
        assertEquals(List.of("pre_sign_up", "pre_sign_in", "pre_password_reset", "jwt"), triggers);
        assertEquals(signIn, Coverage.trigger(all, "pre_sign_in"), "the create response carries the trigger's entry");

        AdminHttp.Response viewerGet = new AdminHttp(urls.getBase()).getHooks(shapes.getName(), "coverage", viewerToken);
        assertEquals(200, viewerGet.status(), "view-realm reads the coverage: " + viewerGet.body());
        assertEquals(all, viewerGet.json());
        List<String> flowsBefore = Coverage.flowsSnapshot(shapes.admin());
        for (Boolean dryRun : java.util.Arrays.asList(null, true, false)) {
            assertEquals(403, api.applyResponse(dryRun, viewerToken).status(), "apply needs manage-realm (dryRun " + dryRun + ")");
        }
        assertEquals(flowsBefore, Coverage.flowsSnapshot(shapes.admin()));

        AdminHttp.Response badDryRun = new AdminHttp(urls.getBase()).hooks("POST", shapes.getName(), "coverage/apply?dryRun=maybe",
                masterAdmin.tokenManager().getAccessTokenString(), null);
        assertEquals(400, badDryRun.status(), badDryRun.body());
        assertTrue(badDryRun.body().contains("dryRun"), "the 400 names dryRun: " + badDryRun.body());

        JsonNode dryByDefault = api.apply(null);
        assertTrue(dryByDefault.get("dryRun").asBoolean(), "dryRun defaults to true: " + dryByDefault);
        assertEquals(flowsBefore, Coverage.flowsSnapshot(shapes.admin()), "nothing changed");
        Set<String> changed = new java.util.HashSet<>();
        dryByDefault.get("changes").forEach(c -> changed.add(c.get("path").asText()));
        assertEquals(Set.of("browser", "direct_grant", "registration", "reset_credentials"), changed,
                "every uncovered flow path; jwt is never changed: " + dryByDefault);
        assertEquals(api.get(), dryByDefault.get("coverage"));

        AdminHttp.Response disabled = new AdminHttp(urls.getBase()).hooks("PUT", shapes.getName(), "prehooks/shape-reset",
                masterAdmin.tokenManager().getAccessTokenString(), """
                        {"trigger": "pre_password_reset", "url": "%s", "secret": "%s", "enabled": false}
                        """.formatted(receiver.url(), SECRET));
        assertEquals(200, disabled.status(), disabled.body());
        assertTrue(disabled.json().has("coverage") && disabled.json().get("coverage").isNull(),
                "no enabled prehook left on the trigger: coverage null: " + disabled.body());
        assertTrue(api.get().get("triggers").findValues("trigger").stream().noneMatch(t -> "pre_password_reset".equals(t.asText())));

        AdminHttp.Response savedDisabled = new AdminHttp(urls.getBase()).hooks("POST", shapes.getName(), "prehooks",
                masterAdmin.tokenManager().getAccessTokenString(), """
                        {"id": "shape-off", "trigger": "pre_password_reset", "url": "%s", "secret": "%s", "enabled": false}
                        """.formatted(receiver.url(), SECRET));
        assertEquals(201, savedDisabled.status(), savedDisabled.body());
        assertTrue(savedDisabled.json().has("coverage") && savedDisabled.json().get("coverage").isNull(), savedDisabled.body());
        AdminHttp.Response updated = new AdminHttp(urls.getBase()).hooks("PUT", shapes.getName(), "prehooks/shape-in",
                masterAdmin.tokenManager().getAccessTokenString(), """
                        {"trigger": "pre_sign_in", "url": "%s", "secret": "%s", "name": "renamed"}
                        """.formatted(receiver.url(), SECRET));
        assertEquals(200, updated.status(), updated.body());
        assertEquals(Coverage.trigger(api.get(), "pre_sign_in"), updated.json().get("coverage"), "PUT carries the entry too");
    }

    /** An earlier "<alias> with hooks" is reused when it covers the path, and left alone (skip) when it does not. */
    @Test
    void earlierCopiesAreBoundWhenTheyCoverAndSkippedWhenTheyDoNot() {
        Coverage api = api(copies);
        AuthenticationManagementResource flows = copies.admin().flows();
        Flows.copyWithStep(flows, "direct grant", "direct grant with hooks", "direct grant with hooks", HOOKS_STEP, null);
        flows.copy("browser", Map.of("newName", "browser with hooks")).close();
        HookReceiver receiver = denyingReceiver("/cov-copies");
        api.createPrehook("copies-gate", "pre_sign_in", receiver.url(), SECRET);
        List<String> browserCopy = Coverage.executions(flows, "browser with hooks");

        JsonNode applied = api.apply(false);
        JsonNode bind = Coverage.change(applied, "direct_grant", "realm", null);
        assertEquals("bind", bind.get("action").asText(), bind.toString());
        assertEquals("direct grant with hooks", bind.get("to").asText());
        JsonNode skip = Coverage.change(applied, "browser", "realm", null);
        assertEquals("skip", skip.get("action").asText(), skip.toString());
        assertTrue(skip.hasNonNull("reason") && !skip.get("reason").asText().isBlank(), skip.toString());
        assertTrue(skip.get("reason").asText().contains("browser with hooks"), skip.toString());

        RealmRepresentation rep = copies.admin().toRepresentation();
        assertEquals("direct grant with hooks", rep.getDirectGrantFlow());
        assertEquals("browser", rep.getBrowserFlow(), "a skipped path stays bound as it was");
        assertEquals(browserCopy, Coverage.executions(flows, "browser with hooks"), "the admin's copy is not touched");
        JsonNode after = applied.get("coverage");
        Coverage.assertCovered(Coverage.path(after, "pre_sign_in", "direct_grant", "realm", null), "direct grant with hooks");
        Coverage.assertUncovered(Coverage.path(after, "pre_sign_in", "browser", "realm", null), "browser", null);
        assertEquals(1, flows.getFlows().stream().filter(f -> f.getAlias().startsWith("direct grant with hooks")).count(),
                "no second copy");

        AdminHttp.Response denied = api.passwordGrant("admin-cli", "alice", PASSWORD);
        assertEquals(403, denied.status(), denied.body());
        assertEquals(1, receiver.received().size());
    }

    private Coverage api(ManagedRealm realm) {
        return new Coverage(new AdminHttp(urls.getBase()), realm.getName(), () -> masterAdmin.tokenManager().getAccessTokenString());
    }

    private HookReceiver denyingReceiver(String path) {
        HookReceiver receiver = receivers.start(httpServer, path);
        receiver.respond(200, Coverage.DENIAL.formatted(HOOK_MESSAGE));
        return receiver;
    }

    private static void assertGranted(Coverage api, String clientId, String why) {
        AdminHttp.Response granted = api.passwordGrant(clientId, "alice", PASSWORD);
        assertEquals(200, granted.status(), why + ": " + granted.body());
        assertTrue(granted.json().hasNonNull("access_token"), why);
    }

    /** Refused by the admin's deny step: a client error, not a server error, and no token. */
    private static void assertTurnedAway(AdminHttp.Response response, String why) {
        assertTrue(response.status() >= 400 && response.status() < 500, why + ": " + response.status() + " " + response.body());
        assertFalse(response.body().contains("access_token"), why);
    }

    private static List<JsonNode> paths(JsonNode coverage, String trigger) {
        List<JsonNode> paths = new ArrayList<>();
        Coverage.trigger(coverage, trigger).get("paths").forEach(paths::add);
        return paths;
    }

    /** "path binding owner flow" of each path of a trigger entry, in order. */
    private static List<String> pathKeys(JsonNode trigger) {
        List<String> keys = new ArrayList<>();
        for (JsonNode p : trigger.get("paths")) {
            String owner = p.has("client") ? p.get("client").asText() : p.has("identityProvider") ? p.get("identityProvider").asText() : "null";
            keys.add(p.get("path").asText() + " " + p.get("binding").asText() + " " + owner + " " + p.path("flow").asText("null"));
        }
        return keys;
    }

    private static List<String> changeKeys(JsonNode applied) {
        List<String> keys = new ArrayList<>();
        for (JsonNode c : applied.get("changes")) {
            keys.add(c.get("path").asText() + " " + c.get("binding").asText() + " " + c.path("client").asText("")
                    + c.path("identityProvider").asText("") + " " + c.get("from").asText() + " -> " + c.get("to").asText());
        }
        return keys;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }

    /** The snapshot lines of one flow (from its "flow alias" line to the next flow). */
    private static List<String> flowLines(List<String> snapshot, String alias) {
        int start = snapshot.indexOf("flow " + alias);
        List<String> lines = new ArrayList<>();
        for (int i = start + 1; i < snapshot.size() && snapshot.get(i).startsWith("  "); i++) {
            lines.add(snapshot.get(i));
        }
        return lines;
    }

    private static void setRequirement(AuthenticationManagementResource flows, String flow,
            java.util.function.Predicate<AuthenticationExecutionInfoRepresentation> match, String requirement) {
        AuthenticationExecutionInfoRepresentation execution = flows.getExecutions(flow).stream().filter(match).findFirst().orElseThrow();
        execution.setRequirement(requirement);
        flows.updateExecutions(flow, execution);
    }

    /** Adds {@code provider} REQUIRED to the sub-flow {@code subFlow} of {@code flow}, with an authenticator config. */
    private static void addConfigured(AuthenticationManagementResource flows, String flow, String subFlow, String provider,
            String configAlias, Map<String, String> config) {
        flows.addExecution(subFlow, Map.of("provider", provider));
        AuthenticationExecutionInfoRepresentation execution = flows.getExecutions(subFlow).stream()
                .filter(e -> provider.equals(e.getProviderId())).findFirst().orElseThrow();
        execution.setRequirement("REQUIRED");
        flows.updateExecutions(flow, execution);
        AuthenticatorConfigRepresentation rep = new AuthenticatorConfigRepresentation();
        rep.setAlias(configAlias);
        rep.setConfig(config);
        flows.newExecutionConfig(execution.getId(), rep).close();
    }

    private static void bindRealm(ManagedRealm realm, java.util.function.Consumer<RealmRepresentation> binding) {
        RealmRepresentation rep = realm.admin().toRepresentation();
        binding.accept(rep);
        realm.admin().update(rep);
    }

    public static class UsersRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.users(UserBuilder.create("alice").email("alice@cover.test").name("Alice", "Cover").password(PASSWORD));
        }
    }

    public static class DirectGrantRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return new UsersRealm().configure(realm).adminEventsEnabled(true).adminEventsDetailsEnabled(true)
                    .clients(ClientBuilder.create("app").publicClient().directAccessGrantsEnabled().redirectUris("*"),
                            ClientBuilder.create("app2").publicClient().directAccessGrantsEnabled().redirectUris("*"));
        }
    }

    public static class CustomRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return new UsersRealm().configure(realm).realmRoles("contractor")
                    .users(UserBuilder.create("connie").email("connie@cover.test").name("Connie", "Tractor").password(PASSWORD)
                            .realmRoles("contractor"));
        }
    }

    public static class ShapesRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.registrationAllowed(true)
                    .users(UserBuilder.create("viewer").email("viewer@cover.test").name("View", "Er").password(PASSWORD)
                            .clientRoles("realm-management", "view-realm"))
                    .clients(ClientBuilder.create("web").publicClient().redirectUris("*"),
                            ClientBuilder.create("app2").publicClient().directAccessGrantsEnabled().redirectUris("*"),
                            ClientBuilder.create("no-grants").publicClient().directAccessGrantsEnabled(false).redirectUris("*"),
                            ClientBuilder.create("off").enabled(false).publicClient().redirectUris("*"));
        }
    }
}
