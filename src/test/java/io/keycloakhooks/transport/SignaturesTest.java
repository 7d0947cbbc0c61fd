package io.keycloakhooks.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.crypto.HMACProvider;

/** The signatures, checked against published vectors and recomputed without the code that made them. */
class SignaturesTest {

    /** The signing vector published with the Standard Webhooks reference libraries. */
    private static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long VECTOR_TIMESTAMP = 1614265330L;
    private static final String VECTOR_PAYLOAD = "{\"test\": 2432232314}";
    private static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final String ISSUER = "https://sso.example.com/realms/acme";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void standardWebhooksHeadersMatchThePublishedVector() {
        Map<String, String> headers = Signatures.headers(VECTOR_SECRET, VECTOR_ID, Instant.ofEpochSecond(VECTOR_TIMESTAMP),
                utf8(VECTOR_PAYLOAD), ISSUER);

        assertEquals(VECTOR_ID, headers.get("webhook-id"));
        assertEquals("1614265330", headers.get("webhook-timestamp"));
        assertEquals(VECTOR_SIGNATURE, headers.get("webhook-signature"));
    }

    /** What a receiver following the Standard Webhooks spec does: key = base64 after whsec_, any listed v1 matches. */
    @Test
    void aSpecFollowingReceiverVerifiesAndRejectsATamperedBody() throws Exception {
        byte[] body = utf8("{\"type\":\"user.created\",\"data\":{\"name\":\"Zoë\"}}");
        Map<String, String> headers = Signatures.headers(VECTOR_SECRET, "m-7", Instant.ofEpochSecond(1700000000L), body, ISSUER);

        assertTrue(standardWebhooksVerify(VECTOR_SECRET, headers, body));
        assertFalse(standardWebhooksVerify(VECTOR_SECRET, headers, utf8("{\"type\":\"user.deleted\"}")));
        assertFalse(standardWebhooksVerify("whsec_" + Base64.getEncoder().encodeToString(new byte[32]), headers, body));
    }

    @Test
    void theTimestampIsWholeUnixSeconds() {
        Map<String, String> headers = Signatures.headers(VECTOR_SECRET, VECTOR_ID,
                Instant.ofEpochSecond(VECTOR_TIMESTAMP, 999_000_000), utf8(VECTOR_PAYLOAD), ISSUER);
        assertEquals("1614265330", headers.get("webhook-timestamp"));
        assertEquals(VECTOR_SIGNATURE, headers.get("webhook-signature"));
    }

    @Test
    void aSecretWithoutTheWhsecPrefixIsUsedAsItsUtf8Bytes() throws Exception {
        String secret = "a-plain-secret-that-is-long-enough-ü-1234";
        byte[] body = utf8("{\"a\":1}");
        Map<String, String> headers = Signatures.headers(secret, "m1", Instant.ofEpochSecond(1700000000L), body, ISSUER);

        String expected = "v1," + Base64.getEncoder().encodeToString(hmac(utf8(secret), utf8("m1.1700000000.{\"a\":1}")));
        assertEquals(expected, headers.get("webhook-signature"));
        assertTrue(jwtVerifiesWithKeycloak(headers.get("x-webhook-secret"), secret));
        assertEquals("sha256=" + HexFormat.of().formatHex(hmac(utf8(secret), body)), headers.get("x-hook-signature"));
    }

    @Test
    void xHookSignatureIsLowerCaseHexHmacOfTheBodyWithTheSecretsUtf8Bytes() throws Exception {
        byte[] body = utf8("{\"x\":\"é\"}");
        Map<String, String> headers = Signatures.headers(VECTOR_SECRET, "m2", Instant.ofEpochSecond(1700000000L), body, ISSUER);

        String signature = headers.get("x-hook-signature");
        assertTrue(signature.matches("sha256=[0-9a-f]{64}"), signature);
        // Keyed with the whole secret string, prefix included (unlike webhook-signature).
        assertEquals("sha256=" + HexFormat.of().formatHex(hmac(utf8(VECTOR_SECRET), body)), signature);
    }

    /** Verified with Keycloak's own JOSE code and with plain javax.crypto, not with the code that signed it. */
    @Test
    void theJwtVerifiesWithOtherImplementationsAndCarriesExactlyTheSpecifiedClaims() throws Exception {
        byte[] body = utf8("{\"hello\":\"world\"}");
        Map<String, String> headers = Signatures.headers(VECTOR_SECRET, "msg-42", Instant.ofEpochSecond(1800000000L), body, ISSUER);
        String jwt = headers.get("x-webhook-secret");

        assertTrue(jwtVerifiesWithKeycloak(jwt, VECTOR_SECRET));
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length);
        byte[] recomputed = hmac(utf8(VECTOR_SECRET), utf8(parts[0] + "." + parts[1]));
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(recomputed), parts[2]);

        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        assertEquals("HS256", header.get("alg").asText());
        assertEquals("JWT", header.get("typ").asText());
        JsonNode claims = JSON.readTree(new JWSInput(jwt).getContent());
        assertEquals(Set.of("iss", "iat", "exp", "jti", "body_sha256"), fieldNames(claims));
        assertEquals(ISSUER, claims.get("iss").asText());
        assertEquals(1800000000L, claims.get("iat").asLong());
        assertEquals(1800000300L, claims.get("exp").asLong());
        assertEquals("msg-42", claims.get("jti").asText());
        String bodyHash = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        assertEquals(bodyHash, claims.get("body_sha256").asText());
        assertFalse(claims.get("body_sha256").asText().contains("="), "base64url without padding");
    }

    @Test
    void theJwtDoesNotVerifyWithAnotherSecret() throws Exception {
        Map<String, String> headers = Signatures.headers(VECTOR_SECRET, "m", Instant.ofEpochSecond(1700000000L), new byte[0], ISSUER);
        assertFalse(jwtVerifiesWithKeycloak(headers.get("x-webhook-secret"), "another-secret-another-secret-12345"));
    }

    @Test
    void everyHeaderIsNamedInHeaderNames() {
        Map<String, String> headers = Signatures.headers(VECTOR_SECRET, "m", Instant.ofEpochSecond(1700000000L), new byte[0], ISSUER);
        assertEquals(Signatures.HEADER_NAMES, headers.keySet());
    }

    @Test
    void aWhsecSecretThatIsNotBase64IsRefusedWithoutQuotingIt() {
        String secret = "whsec_not*base64*at*all*but*long*enough";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Signatures.headers(secret, "m", Instant.now(), new byte[0], ISSUER));
        assertEquals("a secret starting with whsec_ must be base64 after the prefix", e.getMessage());
    }

    @Test
    void aSecretTooShortForHs256IsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Signatures.headers("short", "m", Instant.now(), new byte[0], ISSUER));
    }

    private static boolean standardWebhooksVerify(String secret, Map<String, String> headers, byte[] body) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        byte[] signed = utf8(headers.get("webhook-id") + "." + headers.get("webhook-timestamp") + "." + new String(body, StandardCharsets.UTF_8));
        String expected = Base64.getEncoder().encodeToString(hmac(key, signed));
        for (String candidate : headers.get("webhook-signature").split(" ")) {
            String[] versioned = candidate.split(",", 2);
            if (versioned.length == 2 && versioned[0].equals("v1")
                    && MessageDigest.isEqual(utf8(versioned[1]), utf8(expected))) {
                return true;
            }
        }
        return false;
    }

    private static boolean jwtVerifiesWithKeycloak(String jwt, String secret) throws Exception {
        return HMACProvider.verify(new JWSInput(jwt), new SecretKeySpec(utf8(secret), "HmacSHA256"));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
