package io.keycloakhooks.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.keycloakhooks.config.Endpoint;
import io.keycloakhooks.config.FailMode;
import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.config.Trigger;
import org.junit.jupiter.api.Test;

class CoverageTextTest {

    private static final PathCoverage BROWSER = new PathCoverage(PathKind.BROWSER, Binding.REALM, null, "browser", null);
    private static final PathCoverage DIRECT_GRANT = new PathCoverage(PathKind.DIRECT_GRANT, Binding.CLIENT, "app2",
            "direct grant", "'direct grant' has no enabled Hooks: pre-sign-in step.");
    private static final PathCoverage PARTNER = new PathCoverage(PathKind.POST_BROKER_LOGIN, Binding.IDENTITY_PROVIDER,
            "partner", null, "Identity provider 'partner' has no post-login flow.");

    @Test
    void aCoveredTriggerIsCompleteAndNamesItsPaths() {
        assertEquals("complete (browser, post_broker_login (identityProvider partner))",
                text(prehook(true), coverage(List.of(BROWSER, covered(PARTNER)))));
    }

    @Test
    void anUncoveredTriggerNamesEachUncoveredPathWithItsReason() {
        assertEquals("not enforced on: direct_grant (client app2): 'direct grant' has no enabled Hooks: pre-sign-in step.;"
                + " post_broker_login (identityProvider partner): Identity provider 'partner' has no post-login flow.",
                text(prehook(true), coverage(List.of(BROWSER, DIRECT_GRANT, PARTNER))));
    }

    @Test
    void disabledPrehooksAreNotCheckedAndAMissingCoverageIsUnknown() {
        assertEquals(CoverageText.DISABLED, text(prehook(false), coverage(List.of(DIRECT_GRANT))));
        assertEquals(CoverageText.UNKNOWN, CoverageText.of(prehook(true), null));
        assertEquals(CoverageText.UNKNOWN, CoverageText.of(prehook(true), new RealmCoverage(List.of())),
                "an enabled prehook whose trigger is missing from the coverage");
        assertEquals("complete (the realm has no path for pre_sign_in)", text(prehook(true), coverage(List.of())));
    }

    @Test
    void aLongTextIsCutAndSaysHowManyPathsAreLeftOut() {
        List<PathCoverage> paths = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            paths.add(new PathCoverage(PathKind.DIRECT_GRANT, Binding.CLIENT, "client-" + i, "direct grant",
                    "'direct grant' has no enabled Hooks: pre-sign-in step."));
        }
        String text = text(prehook(true), coverage(paths));
        assertTrue(text.length() <= CoverageText.MAX_LENGTH, text.length() + "");
        assertTrue(text.startsWith("not enforced on: direct_grant (client client-0): "), text);
        int shown = text.split("direct_grant \\(client ").length - 1;
        assertTrue(text.endsWith(" … (" + (200 - shown) + " more; GET /admin/realms/{realm}/hooks/coverage lists them all)"), text);

        List<PathCoverage> covered = paths.stream().map(CoverageTextTest::covered).toList();
        String complete = text(prehook(true), coverage(covered));
        assertTrue(complete.length() <= CoverageText.MAX_LENGTH && complete.startsWith("complete (direct_grant (client client-0), ")
                && complete.endsWith(" lists them all))"), complete);
    }

    private static String text(PrehookConfig prehook, TriggerCoverage trigger) {
        return CoverageText.of(prehook, new RealmCoverage(List.of(trigger)));
    }

    private static TriggerCoverage coverage(List<PathCoverage> paths) {
        return new TriggerCoverage(Trigger.PRE_SIGN_IN, List.of("gate"), paths);
    }

    private static PathCoverage covered(PathCoverage path) {
        return new PathCoverage(path.path(), path.binding(), path.owner(), "post login", null);
    }

    private static PrehookConfig prehook(boolean enabled) {
        return new PrehookConfig("gate", Trigger.PRE_SIGN_IN, new Endpoint(URI.create("https://gate.example.com"), null, null,
                Duration.ofSeconds(5)), enabled, null, null, FailMode.OPEN, 0, 0);
    }
}
