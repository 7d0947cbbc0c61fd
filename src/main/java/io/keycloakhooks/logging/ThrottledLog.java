package io.keycloakhooks.logging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Lets a warning with a given key through at most once per interval, and counts the ones held back meanwhile, so a
 * hook failing on every token request writes one line a minute instead of one per request. Bounded like
 * {@link OnceLog}: the key offered least recently is forgotten first.
 */
public final class ThrottledLog {

    private final long intervalMillis;
    private final LongSupplier clock;
    private final Map<String, Window> windows;

    public ThrottledLog(long intervalMillis) {
        this(intervalMillis, System::currentTimeMillis, OnceLog.MAX_KEYS);
    }

    ThrottledLog(long intervalMillis, LongSupplier clock, int maxKeys) {
        this.intervalMillis = intervalMillis;
        this.clock = clock;
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /**
     * -1 when the warning is held back; otherwise it should be logged, and the result is how many with this key were
     * held back since the last one logged.
     */
    public synchronized long offer(String key) {
        long now = clock.getAsLong();
        Window window = windows.get(key);
        if (window == null || now - window.loggedAt >= intervalMillis) {
            long heldBack = window == null ? 0 : window.heldBack;
            windows.put(key, new Window(now));
            return heldBack;
        }
        window.heldBack++;
        return -1;
    }

    private static final class Window {
        final long loggedAt;
        long heldBack;

        Window(long loggedAt) {
            this.loggedAt = loggedAt;
        }
    }
}
