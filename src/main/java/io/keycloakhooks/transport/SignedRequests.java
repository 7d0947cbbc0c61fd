package io.keycloakhooks.transport;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Builds a hook request: the admin's static headers first, then the signature headers, which always win. */
public final class SignedRequests {

    private SignedRequests() {
    }

    /**
     * @param extraHeaders static headers of the hook; any named like a signature header (in any case) is dropped,
     *                     also for unsigned hooks, so a receiver never sees a signature header we did not make
     * @param secret       the plaintext secret, or null for an unsigned request
     */
    public static HookRequest build(URI url, Duration timeout, Map<String, String> extraHeaders, String secret,
            String messageId, byte[] body, String issuer, Clock clock) {
        return build(url, timeout, extraHeaders, secret, messageId, body, issuer, clock, HookRequest.JSON_UTF8, false);
    }

    /**
     * @param contentType        the body's media type
     * @param helloJohnSignature whether a signed request also carries {@value Signatures#HELLOJOHN_SIGNATURE}
     *                           (docs/formats.md#hellojohn)
     */
    public static HookRequest build(URI url, Duration timeout, Map<String, String> extraHeaders, String secret,
            String messageId, byte[] body, String issuer, Clock clock, String contentType, boolean helloJohnSignature) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (extraHeaders != null) {
            extraHeaders.forEach((name, value) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!Signatures.HEADER_NAMES.contains(lower) && !Signatures.HELLOJOHN_SIGNATURE.equals(lower)) {
                    headers.put(name, value);
                }
            });
        }
        if (secret != null) {
            headers.putAll(Signatures.headers(secret, messageId, clock.instant(), body, issuer));
            if (helloJohnSignature) {
                // the same HMAC as x-hook-signature, under the name HelloJohn's receivers read
                headers.put(Signatures.HELLOJOHN_SIGNATURE, headers.get(Signatures.X_HOOK_SIGNATURE));
            }
        }
        return new HookRequest(url, headers, body, timeout, contentType);
    }
}
