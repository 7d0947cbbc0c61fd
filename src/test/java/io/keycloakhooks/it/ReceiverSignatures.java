package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import receiver.DemoReceiver;

/**
 * Verifies the three signatures of docs/receivers.md#verifying-requests as a receiver does, with the demo receiver's verifier (plain
 * javax.crypto, written from the spec: independent of the extension's signing code and of nimbus-jose-jwt),
 * then checks the JWT claims to the letter.
 */
public final class ReceiverSignatures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReceiverSignatures() {
    }

    /** Asserts all three signatures; returns the verified JWT claims. */
    public static JsonNode verifyAll(HookReceiver.Received request, String secret, String expectedIssuer) throws Exception {
        DemoReceiver.Verification verification = DemoReceiver.verify(request::header, request.body(), secret, Instant.now());
        assertTrue(verification.all(), "signatures: " + verification);

        JsonNode envelope = JSON.readTree(request.body());
        assertEquals(envelope.get("id").asText(), request.header("webhook-id"), "webhook-id is the envelope id");
        JsonNode claims = JSON.readTree(verification.jwtClaims());
        assertEquals(expectedIssuer, claims.get("iss").asText());
        assertEquals(claims.get("iat").asLong() + 300, claims.get("exp").asLong());
        assertEquals(request.header("webhook-id"), claims.get("jti").asText());
        assertTrue(claims.has("body_sha256"));
        return claims;
    }
}
