package io.keycloakhooks.transport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeyLengthException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** The three signatures every request of a hook with a secret carries (SPEC §3.2). Pure: no I/O, no clock. */
public final class Signatures {

    public static final String WEBHOOK_ID = "webhook-id";
    public static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
    public static final String WEBHOOK_SIGNATURE = "webhook-signature";
    public static final String X_WEBHOOK_SECRET = "x-webhook-secret";
    public static final String X_HOOK_SIGNATURE = "x-hook-signature";
    /** Every header {@link #headers} returns, lower-case. */
    public static final Set<String> HEADER_NAMES = Set.of(WEBHOOK_ID, WEBHOOK_TIMESTAMP, WEBHOOK_SIGNATURE,
            X_WEBHOOK_SECRET, X_HOOK_SIGNATURE);

    static final long JWT_LIFETIME_SECONDS = 300;
    private static final String WHSEC_PREFIX = "whsec_";

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
        long seconds = timestamp.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WEBHOOK_ID, messageId);
        headers.put(WEBHOOK_TIMESTAMP, Long.toString(seconds));
        headers.put(WEBHOOK_SIGNATURE, standardWebhooksSignature(secret, messageId, seconds, body));
        headers.put(X_WEBHOOK_SECRET, jwt(secret, messageId, seconds, body, issuer));
        headers.put(X_HOOK_SIGNATURE, "sha256=" + HexFormat.of().formatHex(hmac(utf8(secret), body)));
        return headers;
    }

    private static String standardWebhooksSignature(String secret, String messageId, long seconds, byte[] body) {
        byte[] prefix = utf8(messageId + "." + seconds + ".");
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return "v1," + Base64.getEncoder().encodeToString(hmac(standardWebhooksKey(secret), signed));
    }

    private static byte[] standardWebhooksKey(String secret) {
        if (!secret.startsWith(WHSEC_PREFIX)) {
            return utf8(secret);
        }
        try {
            return Base64.getDecoder().decode(secret.substring(WHSEC_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            // Not chained: the decoder's message quotes a character of the secret.
            throw new IllegalArgumentException("a secret starting with whsec_ must be base64 after the prefix");
        }
    }

    private static String jwt(String secret, String messageId, long seconds, byte[] body, String issuer) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .issueTime(Date.from(Instant.ofEpochSecond(seconds)))
                .expirationTime(Date.from(Instant.ofEpochSecond(seconds + JWT_LIFETIME_SECONDS)))
                .jwtID(messageId)
                .claim("body_sha256", Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(body)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        MACSigner signer;
        try {
            signer = new MACSigner(utf8(secret));
        } catch (KeyLengthException e) {
            throw new IllegalArgumentException("HS256 needs a secret of at least 32 bytes");
        }
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the x-webhook-secret JWT: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
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
