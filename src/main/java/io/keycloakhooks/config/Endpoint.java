package io.keycloakhooks.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where and how a hook is called. {@code secret} is the stored form: null, {@code ${vault.<key>}}, an
 * encrypted value ({@link Secrets#isEncrypted}) or plain text; {@code headers} is never null.
 */
public record Endpoint(URI url, String secret, Map<String, String> headers, Duration timeout) {

    public Endpoint {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
