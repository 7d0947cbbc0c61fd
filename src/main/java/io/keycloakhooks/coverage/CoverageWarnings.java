package io.keycloakhooks.coverage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * This node's memory of the coverage warnings it logged: per realm, the set of uncovered paths it last warned
 * about. A realm is warned about again only when that set changes, and told once when it has no uncovered path
 * any more. Thread-safe; it keeps the {@value #MAX_REALMS} realms checked most recently (a forgotten realm is
 * warned about again at its next check).
 */
public final class CoverageWarnings {

    static final int MAX_REALMS = 10_000;

    /** Where the lines go (the server log; a list in tests). */
    public interface Sink {
        void warn(String line);

        void info(String line);
    }

    private static final Logger LOG = Logger.getLogger(CoverageWarnings.class);

    private final Sink sink;
    private final Map<String, Set<String>> warned;

    public CoverageWarnings() {
        this(MAX_REALMS, new Sink() {
            @Override
            public void warn(String line) {
                LOG.warn(line);
            }

            @Override
            public void info(String line) {
                LOG.info(line);
            }
        });
    }

    CoverageWarnings(int maxRealms, Sink sink) {
        this.sink = sink;
        this.warned = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
                return size() > maxRealms;
            }
        };
    }

    /**
     * The realm's coverage as checked now.
     *
     * @param uncovered {@link RealmCoverage#uncoveredNames()}: empty when every path is covered or the realm has no
     *        enabled prehook
     * @return the line logged, or null when nothing was logged
     */
    public String checked(String realmId, String realmName, List<String> uncovered) {
        String line;
        boolean warn;
        synchronized (this) {
            if (uncovered.isEmpty()) {
                if (warned.remove(realmId) == null) {
                    return null;
                }
                line = "realm " + realmName + ": prehook coverage is complete again: no path is left where an enabled prehook"
                        + " is not enforced";
                warn = false;
            } else {
                Set<String> now = Set.copyOf(uncovered);
                if (now.equals(warned.get(realmId))) {
                    return null;
                }
                warned.put(realmId, now);
                line = "realm " + realmName + ": prehooks are not enforced on every path: " + String.join(", ", uncovered)
                        + "; GET /admin/realms/" + realmName + "/hooks/coverage says why, POST /admin/realms/" + realmName
                        + "/hooks/coverage/apply wires the flows";
                warn = true;
            }
        }
        if (warn) {
            sink.warn(line);
        } else {
            sink.info(line);
        }
        return line;
    }

    /** Whether the last check of the realm found uncovered paths (then a check is due even without prehooks). */
    public synchronized boolean warnedAbout(String realmId) {
        return warned.containsKey(realmId);
    }

    /** A removed realm. */
    public synchronized void forget(String realmId) {
        warned.remove(realmId);
    }
}
