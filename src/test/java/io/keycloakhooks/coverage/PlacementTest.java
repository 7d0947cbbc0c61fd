package io.keycloakhooks.coverage;

import static io.keycloakhooks.coverage.FlowNode.Requirement.ALTERNATIVE;
import static io.keycloakhooks.coverage.FlowNode.Requirement.CONDITIONAL;
import static io.keycloakhooks.coverage.FlowNode.Requirement.DISABLED;
import static io.keycloakhooks.coverage.FlowNode.Requirement.REQUIRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class PlacementTest {

    static FlowNode placed(FlowNode flow, PathKind path) {
        Placement.Choice choice = Placement.of(flow, path);
        assertNotNull(choice.placement(), choice.reason());
        CoverageAnalyser.Step step = CoverageAnalyser.step(path);
        FlowNode result = choice.placement().applied(flow, step.id(), step.label(), flow.name() + " with hooks");
        assertEquals(Optional.empty(), StepAnalysis.gap(result, step.id(), step.label()));
        return result;
    }

    @Test
    void theBrowserFlowIsWrappedAndTheStepFollows() {
        FlowNode result = placed(StepAnalysisTest.browser(StepAnalysisTest.step(REQUIRED)), PathKind.BROWSER);
        assertEquals(2, result.children().size());
        assertEquals("browser with hooks sign-in", result.children().get(0).name());
        assertEquals(REQUIRED, result.children().get(0).requirement());
        assertEquals("hooks-pre-sign-in", result.children().get(1).authenticator());
        FlowNode forms = result.children().get(0).children().get(2);
        assertEquals(DISABLED, forms.children().get(1).requirement(), "the earlier step is disabled: the hooks are asked once");
    }

    @Test
    void directGrantGetsTheStepAtTheEnd() {
        FlowNode directGrant = FlowNode.flow("direct grant", REQUIRED, List.of(
                FlowNode.step("Password", "direct-grant-validate-password", REQUIRED),
                FlowNode.flow("Conditional OTP", CONDITIONAL, List.of())));
        FlowNode result = placed(directGrant, PathKind.DIRECT_GRANT);
        assertEquals(3, result.children().size());
        assertEquals("hooks-pre-sign-in", result.children().get(2).authenticator());
    }

    @Test
    void resetGetsTheStepRightAfterChooseUser() {
        FlowNode reset = FlowNode.flow("reset credentials", REQUIRED, List.of(
                FlowNode.step("Choose User", "reset-credentials-choose-user", REQUIRED),
                FlowNode.step("Send Reset Email", "reset-credential-email", REQUIRED),
                FlowNode.step("Reset Password", "reset-password", REQUIRED)));
        FlowNode result = placed(reset, PathKind.RESET_CREDENTIALS);
        assertEquals("hooks-pre-password-reset", result.children().get(1).authenticator());
        assertEquals("reset-credential-email", result.children().get(2).authenticator());
    }

    @Test
    void firstBrokerLoginGetsTheStepBeforeUserCreation() {
        FlowNode creation = FlowNode.flow("User creation or linking", REQUIRED, List.of(
                FlowNode.step("Create User If Unique", "idp-create-user-if-unique", ALTERNATIVE),
                FlowNode.flow("Handle Existing Account", ALTERNATIVE, List.of())));
        FlowNode firstLogin = FlowNode.flow("first broker login", REQUIRED, List.of(
                FlowNode.step("Review Profile", "idp-review-profile", REQUIRED), creation));
        FlowNode result = placed(firstLogin, PathKind.FIRST_BROKER_LOGIN);
        assertEquals("hooks-pre-sign-up-broker", result.children().get(1).authenticator());
        assertEquals("User creation or linking", result.children().get(2).name());
    }

    @Test
    void registrationGetsTheActionInItsForm() {
        FlowNode form = new FlowNode("registration form", "registration-page-form", FlowNode.FORM_FLOW, REQUIRED, List.of(
                FlowNode.step("Registration User Profile Creation", "registration-user-creation", REQUIRED)));
        FlowNode result = placed(FlowNode.flow("registration", REQUIRED, List.of(form)), PathKind.REGISTRATION);
        assertEquals("hooks-pre-sign-up", result.children().get(0).children().get(1).authenticator());
    }

    @Test
    void flowsWithoutAnAnchorAreLeftToTheAdmin() {
        Placement.Choice choice = Placement.of(FlowNode.flow("odd reset", REQUIRED, List.of(
                FlowNode.step("x", "x", REQUIRED))), PathKind.RESET_CREDENTIALS);
        assertNull(choice.placement());
        assertTrue(choice.reason().contains("reset-credentials-choose-user"), choice.reason());
        Placement.Choice alternatives = Placement.of(FlowNode.flow("alt reset", REQUIRED, List.of(
                FlowNode.step("Choose User", "reset-credentials-choose-user", ALTERNATIVE))), PathKind.RESET_CREDENTIALS);
        assertNull(alternatives.placement());
        assertTrue(alternatives.reason().contains("only alternatives"), alternatives.reason());
    }
}
