package io.keycloakhooks.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers which warnings were logged, so each is logged once per server (bounded). */
public final class OnceLog {

    private static final int MAX_KEYS = 10_000;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** True the first time a key is offered (until the bound is reached, then always false). */
    public boolean first(String key) {
        return seen.size() < MAX_KEYS && seen.add(key);
    }
}
