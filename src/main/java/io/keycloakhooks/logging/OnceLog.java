package io.keycloakhooks.logging;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which warnings were logged, so each is logged once per server. It keeps the most recently offered
 * {@value #MAX_KEYS} keys: beyond that the key offered least recently is forgotten (and would be logged again),
 * so new keys are always logged once however many came before.
 */
public final class OnceLog {

    static final int MAX_KEYS = 10_000;

    private final Map<String, Boolean> seen;

    public OnceLog() {
        this(MAX_KEYS);
    }

    OnceLog(int maxKeys) {
        this.seen = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** True the first time a key is offered, and again once it has been forgotten. */
    public synchronized boolean first(String key) {
        return seen.put(key, Boolean.TRUE) == null;
    }
}
