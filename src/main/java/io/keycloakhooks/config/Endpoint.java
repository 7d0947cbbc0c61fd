package io.keycloakhooks.config;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how a hook is called. {@code secret} is the stored form: null, {@code ${vault.<key>}}, an encrypted
 * value ({@link Secrets#isEncrypted}) or plain text. {@code headers} is never null and keeps its order, so the
 * attribute value written back is stable.
 */
public record Endpoint(URI url, String secret, Map<String, String> headers, Duration timeout) {

    public Endpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        headers = headers == null || headers.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
}
