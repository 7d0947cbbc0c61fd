package io.keycloakhooks.coverage;

import static io.keycloakhooks.coverage.FlowNode.Requirement.ALTERNATIVE;
import static io.keycloakhooks.coverage.FlowNode.Requirement.CONDITIONAL;
import static io.keycloakhooks.coverage.FlowNode.Requirement.DISABLED;
import static io.keycloakhooks.coverage.FlowNode.Requirement.REQUIRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class StepAnalysisTest {

    static final String STEP = "hooks-pre-sign-in";
    static final String LABEL = "Hooks: pre-sign-in";

    static FlowNode step(FlowNode.Requirement requirement) {
        return FlowNode.step(LABEL, STEP, requirement);
    }

    static FlowNode cookie() {
        return FlowNode.step("Cookie", "auth-cookie", ALTERNATIVE);
    }

    static FlowNode forms(FlowNode... extra) {
        List<FlowNode> children = new java.util.ArrayList<>();
        children.add(FlowNode.step("Username Password Form", "auth-username-password-form", REQUIRED));
        children.addAll(List.of(extra));
        return FlowNode.flow("forms", ALTERNATIVE, children);
    }

    /** Keycloak's browser flow: Cookie, Identity Provider Redirector and forms are alternatives at the top. */
    static FlowNode browser(FlowNode... formsExtra) {
        return FlowNode.flow("browser", REQUIRED, List.of(cookie(),
                FlowNode.step("Identity Provider Redirector", "identity-provider-redirector", ALTERNATIVE), forms(formsExtra)));
    }

    static Optional<String> gap(FlowNode flow) {
        return StepAnalysis.gap(flow, STEP, LABEL);
    }

    @Test
    void aFlowWithoutTheStepIsNotCovered() {
        assertEquals(Optional.of("'browser' has no enabled Hooks: pre-sign-in step."), gap(browser()));
    }

    @Test
    void aStepInTheFormsSubFlowIsSkippedByTheSsoCookie() {
        String reason = gap(browser(step(REQUIRED))).orElseThrow();
        assertTrue(reason.contains("a sign-in by SSO cookie ('Cookie')"), reason);
        assertTrue(reason.contains("in 'forms'"), reason);
    }

    @Test
    void theDocumentedLayoutIsCovered() {
        FlowNode signIn = FlowNode.flow("sign-in", REQUIRED, browser().children());
        assertEquals(Optional.empty(), gap(FlowNode.flow("browser with hooks", REQUIRED, List.of(signIn, step(REQUIRED)))));
    }

    @Test
    void aRequiredStepAfterRequiredStepsIsCovered() {
        FlowNode directGrant = FlowNode.flow("direct grant", REQUIRED, List.of(
                FlowNode.step("Username Validation", "direct-grant-validate-username", REQUIRED),
                FlowNode.step("Password", "direct-grant-validate-password", REQUIRED),
                FlowNode.flow("Direct Grant - Conditional OTP", CONDITIONAL, List.of(
                        FlowNode.step("OTP", "direct-grant-validate-otp", REQUIRED))),
                step(REQUIRED)));
        assertEquals(Optional.empty(), gap(directGrant));
    }

    @Test
    void aStepInAConditionalSubFlowCanBeSkipped() {
        FlowNode flow = FlowNode.flow("direct grant", REQUIRED, List.of(
                FlowNode.step("Password", "direct-grant-validate-password", REQUIRED),
                FlowNode.flow("Conditional OTP", CONDITIONAL, List.of(
                        FlowNode.step("OTP", "direct-grant-validate-otp", REQUIRED), step(REQUIRED)))));
        String reason = gap(flow).orElseThrow();
        assertTrue(reason.contains("conditional sub-flow 'Conditional OTP'"), reason);
    }

    @Test
    void anAlternativeBesideRequiredStepsIsIgnored() {
        FlowNode flow = FlowNode.flow("direct grant", REQUIRED, List.of(
                FlowNode.step("Password", "direct-grant-validate-password", REQUIRED), step(ALTERNATIVE)));
        String reason = gap(flow).orElseThrow();
        assertTrue(reason.contains("ignores alternatives"), reason);
    }

    @Test
    void aDisabledStepOrSubFlowDoesNotRun() {
        assertTrue(gap(FlowNode.flow("f", REQUIRED, List.of(step(DISABLED)))).orElseThrow().contains("is disabled"));
        FlowNode disabledSub = FlowNode.flow("sub", DISABLED, List.of(step(REQUIRED)));
        assertTrue(gap(FlowNode.flow("f", REQUIRED, List.of(
                FlowNode.step("Password", "direct-grant-validate-password", REQUIRED), disabledSub)))
                .orElseThrow().contains("sub-flow 'sub', which is disabled"));
    }

    @Test
    void everyAlternativeRunningTheStepCovers() {
        FlowNode a = FlowNode.flow("a", ALTERNATIVE, List.of(step(REQUIRED)));
        FlowNode b = FlowNode.flow("b", ALTERNATIVE, List.of(FlowNode.step("x", "x", REQUIRED), step(REQUIRED)));
        assertEquals(Optional.empty(), gap(FlowNode.flow("f", REQUIRED, List.of(a, b))));
    }

    @Test
    void aFormRunsEachEnabledAction() {
        String signUp = "hooks-pre-sign-up";
        FlowNode form = new FlowNode("registration form", "registration-page-form", FlowNode.FORM_FLOW, REQUIRED, List.of(
                FlowNode.step("Registration User Profile Creation", "registration-user-creation", REQUIRED),
                FlowNode.step("Hooks: pre-sign-up", signUp, REQUIRED)));
        FlowNode registration = FlowNode.flow("registration", REQUIRED, List.of(form));
        assertEquals(Optional.empty(), StepAnalysis.gap(registration, signUp, "Hooks: pre-sign-up"));
        FlowNode disabled = new FlowNode("registration form", "registration-page-form", FlowNode.FORM_FLOW, REQUIRED, List.of(
                FlowNode.step("Hooks: pre-sign-up", signUp, DISABLED)));
        assertTrue(StepAnalysis.gap(FlowNode.flow("registration", REQUIRED, List.of(disabled)), signUp, "Hooks: pre-sign-up")
                .orElseThrow().contains("is disabled"));
    }

    @Test
    void anEmptyLevelIsNotCovered() {
        assertTrue(gap(FlowNode.flow("empty", REQUIRED, List.of())).isPresent());
    }
}
