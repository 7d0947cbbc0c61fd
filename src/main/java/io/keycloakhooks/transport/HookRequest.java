package io.keycloakhooks.transport;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One POST to a hook: body, extra headers (kept in order), the timeout that bounds the whole attempt, and the body's
 * media type (JSON unless the hook's format says otherwise).
 */
public record HookRequest(URI url, Map<String, String> headers, byte[] body, Duration timeout, String contentType) {

    public static final String JSON_UTF8 = "application/json; charset=utf-8";

    public HookRequest(URI url, Map<String, String> headers, byte[] body, Duration timeout) {
        this(url, headers, body, timeout, JSON_UTF8);
    }

    public HookRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(contentType, "contentType");
        Map<String, String> inOrder = new LinkedHashMap<>();
        headers.forEach((name, value) -> inOrder.put(Objects.requireNonNull(name, "header name"),
                Objects.requireNonNull(value, "header value")));
        headers = Collections.unmodifiableMap(inOrder);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }
}
