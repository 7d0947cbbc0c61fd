package io.keycloakhooks.transport;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One POST to a hook: JSON body, extra headers (kept in order), and the timeout that bounds the whole attempt. */
public record HookRequest(URI url, Map<String, String> headers, byte[] body, Duration timeout) {

    public HookRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
        Map<String, String> inOrder = new LinkedHashMap<>();
        headers.forEach((name, value) -> inOrder.put(Objects.requireNonNull(name, "header name"),
                Objects.requireNonNull(value, "header value")));
        headers = Collections.unmodifiableMap(inOrder);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }
}
