package io.keycloakhooks.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class CoverageWarningsTest {

    private static final List<String> GAPS = List.of("pre_sign_in direct_grant", "pre_sign_in browser (client app2)");

    private final List<String> lines = new ArrayList<>();
    private final CoverageWarnings.Sink sink = new CoverageWarnings.Sink() {
        @Override
        public synchronized void warn(String line) {
            lines.add("WARN " + line);
        }

        @Override
        public synchronized void info(String line) {
            lines.add("INFO " + line);
        }
    };
    private final CoverageWarnings warnings = new CoverageWarnings(CoverageWarnings.MAX_REALMS, sink);

    @Test
    void aGapIsWarnedAboutOnceNamingThePathsAndTheEndpoints() {
        warnings.checked("id-1", "acme", GAPS);
        warnings.checked("id-1", "acme", GAPS);
        warnings.checked("id-1", "acme", List.of(GAPS.get(1), GAPS.get(0)));

        assertEquals(List.of("WARN realm acme: prehooks are not enforced on every path: pre_sign_in direct_grant,"
                + " pre_sign_in browser (client app2); GET /admin/realms/acme/hooks/coverage says why,"
                + " POST /admin/realms/acme/hooks/coverage/apply wires the flows"), lines,
                "the same set in another order is the same set");
        assertTrue(warnings.warnedAbout("id-1"));
    }

    @Test
    void anotherSetOfGapsIsWarnedAboutAgain() {
        warnings.checked("id-1", "acme", GAPS);
        String line = warnings.checked("id-1", "acme", GAPS.subList(0, 1));

        assertEquals(2, lines.size());
        assertEquals("WARN " + line, lines.get(1));
        assertTrue(line.contains(": pre_sign_in direct_grant;"), line);
        assertFalse(line.contains("app2"), line);
    }

    @Test
    void aRealmThatBecomesCompleteIsToldOnceAndAFreshGapIsWarnedAboutAgain() {
        assertNull(warnings.checked("id-1", "acme", List.of()), "complete and never warned: nothing to say");
        warnings.checked("id-1", "acme", GAPS);
        warnings.checked("id-1", "acme", List.of());
        warnings.checked("id-1", "acme", List.of());
        assertFalse(warnings.warnedAbout("id-1"));
        warnings.checked("id-1", "acme", GAPS);

        assertEquals(3, lines.size(), lines.toString());
        assertEquals("INFO realm acme: prehook coverage is complete again: no path is left where an enabled prehook is not"
                + " enforced", lines.get(1));
        assertEquals(lines.get(0), lines.get(2));
    }

    @Test
    void realmsAreRememberedApartAndARemovedRealmIsForgotten() {
        warnings.checked("id-1", "acme", GAPS);
        warnings.checked("id-2", "other", GAPS);
        warnings.checked("id-1", "acme", GAPS);
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).contains("realm other:"));

        warnings.forget("id-1");
        assertFalse(warnings.warnedAbout("id-1"));
        assertNull(warnings.checked("id-1", "acme", List.of()), "a forgotten realm has nothing to take back");
        warnings.checked("id-1", "acme", GAPS);
        assertEquals(3, lines.size());
    }

    @Test
    void theMemoryIsBoundedAndForgetsTheRealmCheckedLeastRecently() {
        CoverageWarnings small = new CoverageWarnings(2, sink);
        small.checked("a", "a", GAPS);
        small.checked("b", "b", GAPS);
        small.checked("a", "a", GAPS); // a is now the most recent
        small.checked("c", "c", GAPS); // b goes
        assertTrue(small.warnedAbout("a"));
        assertFalse(small.warnedAbout("b"));
        assertTrue(small.warnedAbout("c"));
        assertEquals(3, lines.size());
        small.checked("b", "b", GAPS);
        assertEquals(4, lines.size(), "a forgotten realm is warned about again");
    }

    @Test
    void concurrentChecksOfOneSetWarnOnce() throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 200; i++) {
            threads.submit(() -> warnings.checked("id-1", "acme", GAPS));
        }
        threads.shutdown();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(1, lines.size());
    }
}
