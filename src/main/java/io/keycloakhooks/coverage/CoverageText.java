package io.keycloakhooks.coverage;

import java.util.List;
import java.util.Optional;

import io.keycloakhooks.config.PrehookConfig;

/**
 * A prehook's coverage in one line, as the Prehooks console page shows it: {@code complete (browser, direct_grant)}
 * or {@code not enforced on: direct_grant (client app2): <reason> …}. Long texts are cut (the admin API lists
 * everything).
 */
public final class CoverageText {

    /** Component config values are stored in a column of limited length; a longer text is cut. */
    static final int MAX_LENGTH = 2000;

    static final String DISABLED = "not checked: the prehook is disabled";
    static final String UNKNOWN = "unknown: the coverage could not be worked out (the server log says why)";

    private CoverageText() {
    }

    /**
     * @param coverage the realm's coverage, or null when it could not be worked out
     */
    public static String of(PrehookConfig prehook, RealmCoverage coverage) {
        if (!prehook.enabled()) {
            return DISABLED;
        }
        if (coverage == null) {
            return UNKNOWN;
        }
        Optional<TriggerCoverage> trigger = coverage.of(prehook.trigger());
        return trigger.map(CoverageText::of).orElse(UNKNOWN);
    }

    static String of(TriggerCoverage trigger) {
        if (trigger.paths().isEmpty()) {
            return "complete (the realm has no path for " + trigger.trigger().value() + ")";
        }
        if (trigger.complete()) {
            return joined("complete (", ", ", trigger.paths().stream().map(CoverageText::name).toList(), ")");
        }
        return joined("not enforced on: ", "; ", trigger.uncovered().stream().map(p -> name(p) + ": " + p.reason()).toList(), "");
    }

    /** The parts after {@code head}, as many as fit in {@link #MAX_LENGTH}, then how many were left out. */
    private static String joined(String head, String separator, List<String> parts, String tail) {
        StringBuilder text = new StringBuilder(head);
        for (int i = 0; i < parts.size(); i++) {
            String part = (i == 0 ? "" : separator) + parts.get(i);
            String cut = " … (" + (parts.size() - i) + " more; GET /admin/realms/{realm}/hooks/coverage lists them all)";
            if (text.length() + part.length() + tail.length() + cut.length() > MAX_LENGTH) {
                return text.append(cut).append(tail).toString();
            }
            text.append(part);
        }
        return text.append(tail).toString();
    }

    /** {@code browser}, {@code direct_grant (client app2)}, {@code post_broker_login (identityProvider partner)}. */
    static String name(PathCoverage path) {
        return path.owner() == null ? path.path().value() : path.path().value() + " (" + path.binding().value() + " " + path.owner() + ")";
    }
}
