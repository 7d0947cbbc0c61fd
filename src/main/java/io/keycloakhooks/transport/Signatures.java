package io.keycloakhooks.transport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** The three signatures every request of a hook with a secret carries (docs/receivers.md#verifying-requests). Pure: no I/O, no clock. */
public final class Signatures {

    public static final String WEBHOOK_ID = "webhook-id";
    public static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
    public static final String WEBHOOK_SIGNATURE = "webhook-signature";
    public static final String X_WEBHOOK_SECRET = "x-webhook-secret";
    public static final String X_HOOK_SIGNATURE = "x-hook-signature";
    /** Sent besides the three for hooks of format {@code hellojohn}: the value of {@link #X_HOOK_SIGNATURE}. */
    public static final String HELLOJOHN_SIGNATURE = "hellojohn-hook-signature";
    /** Every header {@link #headers} returns, lower-case. */
    public static final Set<String> HEADER_NAMES = Set.of(WEBHOOK_ID, WEBHOOK_TIMESTAMP, WEBHOOK_SIGNATURE,
            X_WEBHOOK_SECRET, X_HOOK_SIGNATURE);

    static final long JWT_LIFETIME_SECONDS = 300;
    private static final String WHSEC_PREFIX = "whsec_";
    private static final int MIN_HS256_KEY_BYTES = 32;
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final int MAX_CACHED_KEYS = 1000;
    private static final Map<String, Mac> SECRET_KEYS = new ConcurrentHashMap<>();
    private static final Map<String, Mac> STANDARD_KEYS = new ConcurrentHashMap<>();
    private static final String JWT_HEADER = B64URL.encodeToString(utf8("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));

    private Signatures() {
    }

    /**
     * The signature headers (lower-case names) for one attempt.
     *
     * @param timestamp this attempt's time; sub-second parts are dropped
     * @throws IllegalArgumentException when a {@code whsec_} secret is not base64 after the prefix, or the secret
     *                                  is shorter than the 32 bytes HS256 needs
     */
    public static Map<String, String> headers(String secret, String messageId, Instant timestamp, byte[] body,
            String issuer) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(body, "body");
        byte[] secretBytes = utf8(secret);
        if (secretBytes.length < MIN_HS256_KEY_BYTES) {
            throw new IllegalArgumentException("HS256 needs a secret of at least 32 bytes");
        }
        long seconds = timestamp.getEpochSecond();
        Mac secretMac = mac(SECRET_KEYS, secret, () -> secretBytes);
        Mac standardMac = secret.startsWith(WHSEC_PREFIX) ? mac(STANDARD_KEYS, secret, () -> standardWebhooksKey(secret))
                : secretMac;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WEBHOOK_ID, messageId);
        headers.put(WEBHOOK_TIMESTAMP, Long.toString(seconds));
        headers.put(WEBHOOK_SIGNATURE, standardWebhooksSignature(standardMac, messageId, seconds, body));
        headers.put(X_WEBHOOK_SECRET, jwt(secretMac, messageId, seconds, body, issuer));
        headers.put(X_HOOK_SIGNATURE, "sha256=" + HexFormat.of().formatHex(secretMac.doFinal(body)));
        return headers;
    }

    private static String standardWebhooksSignature(Mac mac, String messageId, long seconds, byte[] body) {
        mac.update(utf8(messageId + "." + seconds + "."));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    private static byte[] standardWebhooksKey(String secret) {
        try {
            return Base64.getDecoder().decode(secret.substring(WHSEC_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            // Not chained: the decoder's message quotes a character of the secret.
            throw new IllegalArgumentException("a secret starting with whsec_ must be base64 after the prefix");
        }
    }

    /**
     * The {@code x-webhook-secret} JWT, written directly: a fixed HS256 header and five claims (a JOSE library's
     * builders cost more than the rest of the signing, on a path that runs for every token of a JWT prehook).
     */
    private static String jwt(Mac mac, String messageId, long seconds, byte[] body, String issuer) {
        StringBuilder claims = new StringBuilder(160).append('{');
        if (issuer != null) {
            claims.append("\"iss\":");
            quote(claims, issuer).append(',');
        }
        claims.append("\"iat\":").append(seconds)
                .append(",\"exp\":").append(seconds + JWT_LIFETIME_SECONDS)
                .append(",\"jti\":");
        quote(claims, messageId)
                .append(",\"body_sha256\":\"").append(B64URL.encodeToString(sha256(body))).append("\"}");
        String signingInput = JWT_HEADER + "." + B64URL.encodeToString(utf8(claims.toString()));
        return signingInput + "." + B64URL.encodeToString(mac.doFinal(utf8(signingInput)));
    }

    private static StringBuilder quote(StringBuilder json, String value) {
        return json.append('"').append(JsonStringEncoder.getInstance().quoteAsString(value)).append('"');
    }

    /**
     * A MAC for the key, cloned from one initialized before: {@code Mac.getInstance} and {@code init} cost more than
     * signing a small body, and every webhook message and prehook call signs. Holds the keys of a bounded number of
     * secrets, which the realm's secret cache holds in memory anyway.
     */
    private static Mac mac(Map<String, Mac> initialized, String secret, Supplier<byte[]> key) {
        Mac prototype = initialized.get(secret);
        if (prototype == null) {
            prototype = mac(key.get());
            if (initialized.size() >= MAX_CACHED_KEYS) {
                initialized.clear();
            }
            initialized.put(secret, prototype);
        }
        try {
            return (Mac) prototype.clone(); // the prototype is never updated, so concurrent clones are safe
        } catch (CloneNotSupportedException e) {
            return mac(key.get());
        }
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
