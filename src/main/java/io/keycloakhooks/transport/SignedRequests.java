package io.keycloakhooks.transport;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Builds a hook request: the admin's static headers, then the signature headers, which always win. */
public final class SignedRequests {

    private SignedRequests() {
    }

    public static HookRequest build(URI url, Duration timeout, Map<String, String> extraHeaders, String secret,
            String messageId, byte[] body, String issuer, Clock clock) {
        Map<String, String> signatures = secret == null ? Map.of()
                : Signatures.headers(secret, messageId, clock.instant(), body, issuer);
        Map<String, String> headers = new LinkedHashMap<>();
        extraHeaders.forEach((name, value) -> {
            if (!signatures.containsKey(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, value);
            }
        });
        headers.putAll(signatures);
        return new HookRequest(url, headers, body, timeout);
    }
}
