package io.keycloakhooks.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SignedRequestsTest {

    private static final URI URL = URI.create("https://hooks.example.com/keycloak");
    private static final Duration TIMEOUT = Duration.ofMillis(2500);
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ISSUER = "https://sso.example.com/realms/acme";
    private static final byte[] BODY = "{\"id\":\"msg-1\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.ofEpochSecond(1700000000L, 400_000_000);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void extraHeadersComeFirstThenTheSignaturesOfThisAttempt() {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("Authorization", "Bearer abc");
        extra.put("X-Tenant", "acme");

        HookRequest request = SignedRequests.build(URL, TIMEOUT, extra, SECRET, "msg-1", BODY, ISSUER, CLOCK);

        assertEquals(URL, request.url());
        assertEquals(TIMEOUT, request.timeout());
        assertArrayEquals(BODY, request.body());
        assertEquals(List.of("Authorization", "X-Tenant", "webhook-id", "webhook-timestamp", "webhook-signature",
                "x-webhook-secret", "x-hook-signature"), List.copyOf(request.headers().keySet()));
        Map<String, String> expected = new LinkedHashMap<>(extra);
        expected.putAll(Signatures.headers(SECRET, "msg-1", NOW, BODY, ISSUER));
        assertEquals(expected, request.headers());
        assertEquals("1700000000", request.headers().get("webhook-timestamp"), "the clock's time, in whole seconds");
    }

    @Test
    void extraHeadersNamedLikeSignatureHeadersInAnyCaseAreDropped() {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("Webhook-Signature", "v1,forged");
        extra.put("X-HOOK-SIGNATURE", "sha256=forged");
        extra.put("webhook-id", "other-id");
        extra.put("X-Webhook-Secret", "leaked");
        extra.put("Webhook-Timestamp", "1");
        extra.put("Authorization", "Bearer abc");

        HookRequest request = SignedRequests.build(URL, TIMEOUT, extra, SECRET, "msg-1", BODY, ISSUER, CLOCK);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Authorization", "Bearer abc");
        expected.putAll(Signatures.headers(SECRET, "msg-1", NOW, BODY, ISSUER));
        assertEquals(expected, request.headers());
    }

    @Test
    void withoutASecretTheRequestIsUnsignedAndKeepsOnlyTheOrdinaryExtraHeaders() {
        HookRequest request = SignedRequests.build(URL, TIMEOUT, Map.of("Authorization", "Bearer abc",
                "webhook-signature", "v1,forged"), null, "msg-2", BODY, ISSUER, CLOCK);

        assertEquals(Map.of("Authorization", "Bearer abc"), request.headers());
    }

    @Test
    void noExtraHeadersAtAll() {
        HookRequest unsigned = SignedRequests.build(URL, TIMEOUT, null, null, "msg-3", BODY, ISSUER, CLOCK);
        HookRequest signed = SignedRequests.build(URL, TIMEOUT, Map.of(), SECRET, "msg-3", BODY, ISSUER, CLOCK);

        assertEquals(Map.of(), unsigned.headers());
        assertEquals(Signatures.HEADER_NAMES, signed.headers().keySet());
        assertFalse(signed.headers().containsValue(SECRET), "the secret itself is never sent");
    }

    @Test
    void helloJohnHooksAlsoCarryTheirSignatureHeaderAndCloudEventsTheirContentType() throws Exception {
        HookRequest request = SignedRequests.build(URL, TIMEOUT, Map.of("HelloJohn-Hook-Signature", "forged"), SECRET,
                "msg-4", BODY, ISSUER, CLOCK, "application/cloudevents+json; charset=utf-8", true);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(BODY));
        assertEquals(expected, request.headers().get(Signatures.HELLOJOHN_SIGNATURE));
        assertEquals(expected, request.headers().get(Signatures.X_HOOK_SIGNATURE), "the three signatures stay");
        assertFalse(request.headers().containsKey("HelloJohn-Hook-Signature"), "a static header cannot forge it");
        assertEquals("application/cloudevents+json; charset=utf-8", request.contentType());

        HookRequest standard = SignedRequests.build(URL, TIMEOUT, Map.of(), SECRET, "msg-4", BODY, ISSUER, CLOCK);
        assertFalse(standard.headers().containsKey(Signatures.HELLOJOHN_SIGNATURE));
        assertEquals(HookRequest.JSON_UTF8, standard.contentType());
        assertFalse(SignedRequests.build(URL, TIMEOUT, Map.of(), null, "msg-4", BODY, ISSUER, CLOCK, HookRequest.JSON_UTF8,
                true).headers().containsKey(Signatures.HELLOJOHN_SIGNATURE), "unsigned hooks carry no signature");
    }
}
