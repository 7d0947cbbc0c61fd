package io.keycloakhooks.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.crypto.HMACProvider;

class SignaturesTest {

    /** The test vector published with the Standard Webhooks libraries. */
    @Test
    void standardWebhooksPublishedVector() {
        String signature = Signatures.standardWebhooksSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    @Test
    void nonWhsecSecretIsUsedAsUtf8Bytes() throws Exception {
        String secret = "a-plain-secret-that-is-long-enough-1234";
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Signatures.headers(secret, "m1", Instant.ofEpochSecond(1700000000), body, "https://kc/realms/r");
        String expected = "v1," + Base64.getEncoder().encodeToString(hmac(secret.getBytes(StandardCharsets.UTF_8),
                "m1.1700000000.{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, headers.get("webhook-signature"));
        assertEquals("m1", headers.get("webhook-id"));
        assertEquals("1700000000", headers.get("webhook-timestamp"));
    }

    @Test
    void hookSignatureIsHexHmacOfTheBody() throws Exception {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        byte[] body = "{\"x\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Signatures.headers(secret, "m2", Instant.now(), body, "iss");
        assertEquals("sha256=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body)),
                headers.get("x-hook-signature"));
    }

    /** Verified with Keycloak's own JOSE code, not with nimbus, which signed it. */
    @Test
    void jwtVerifiesWithAnotherImplementationAndCarriesTheClaims() throws Exception {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        byte[] body = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Signatures.headers(secret, "msg-42", Instant.ofEpochSecond(1800000000L), body,
                "https://sso.example.com/realms/acme");

        JWSInput jws = new JWSInput(headers.get("x-webhook-secret"));
        assertEquals("HS256", jws.getHeader().getRawAlgorithm());
        assertTrue(HMACProvider.verify(jws, new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
        JsonNode claims = new ObjectMapper().readTree(jws.getContent());
        assertEquals("https://sso.example.com/realms/acme", claims.get("iss").asText());
        assertEquals(1800000000L, claims.get("iat").asLong());
        assertEquals(1800000300L, claims.get("exp").asLong());
        assertEquals("msg-42", claims.get("jti").asText());
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(body)),
                claims.get("body_sha256").asText());
    }

    @Test
    void jwtWithAnotherSecretDoesNotVerify() throws Exception {
        Map<String, String> headers = Signatures.headers("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "m", Instant.now(),
                new byte[0], "iss");
        JWSInput jws = new JWSInput(headers.get("x-webhook-secret"));
        assertTrue(!HMACProvider.verify(jws, new SecretKeySpec("another-secret-another-secret-12345".getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
    }

    @Test
    void signedRequestsKeepExtraHeadersButSignaturesWin() {
        HookRequest request = SignedRequests.build(java.net.URI.create("https://x.test/h"), java.time.Duration.ofSeconds(1),
                Map.of("Authorization", "Bearer abc", "Webhook-Signature", "forged"), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "id-1", new byte[0], "iss", java.time.Clock.systemUTC());
        assertEquals("Bearer abc", request.headers().get("Authorization"));
        assertTrue(!request.headers().containsKey("Webhook-Signature"));
        assertTrue(request.headers().get("webhook-signature").startsWith("v1,"));

        HookRequest unsigned = SignedRequests.build(java.net.URI.create("https://x.test/h"), java.time.Duration.ofSeconds(1),
                Map.of(), null, "id-2", new byte[0], "iss", java.time.Clock.systemUTC());
        assertTrue(unsigned.headers().isEmpty(), "no secret, no signature headers");
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
