package io.keycloakhooks.config;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how a hook is called. {@code secret} and each header value are in their stored form: null,
 * {@code ${vault.<key>}}, an encrypted value ({@link Secrets#isEncrypted}) or plain text; so are the URL's query
 * values. A URL given as a vault reference (for endpoints with a secret in the path) is held as a {@code vault:} URI
 * ({@link #vaultUrl}) and read from the vault at call time. {@code headers} is never null and keeps its order, so
 * the attribute value written back is stable.
 */
public record Endpoint(URI url, String secret, Map<String, String> headers, Duration timeout) {

    private static final String VAULT_SCHEME = "vault";

    public Endpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        headers = headers == null || headers.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The URL for a {@code ${vault.<key>}} reference. */
    public static URI vaultUrl(String reference) {
        try {
            return new URI(VAULT_SCHEME, reference, null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a vault reference", e);
        }
    }

    /** The vault reference the URL is read from, or null for a URL given as it is. */
    public String urlReference() {
        return VAULT_SCHEME.equals(url.getScheme()) ? url.getSchemeSpecificPart() : null;
    }

    /** The URL as written in the hook's configuration: the URL itself, or its vault reference. */
    public String urlText() {
        String reference = urlReference();
        return reference != null ? reference : url.toString();
    }

    public Endpoint withUrl(URI newUrl) {
        return new Endpoint(newUrl, secret, headers, timeout);
    }
}
