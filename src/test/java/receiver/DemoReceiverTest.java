package receiver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.keycloakhooks.transport.Signatures;
import org.junit.jupiter.api.Test;

/** The demo receiver's verifier (plain javax.crypto) against the extension's signer: they must agree. */
class DemoReceiverTest {

    static final String SECRET = "whsec_QWic4rvfEuLnP3dK38rYH0tmRZggmyGuN4Kb+ZsFZS0=";
    static final byte[] BODY = "{\"id\":\"m-1\",\"type\":\"webhook.test\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void acceptsWhatTheExtensionSigns() {
        Instant now = Instant.now();
        Map<String, String> headers = Signatures.headers(SECRET, "m-1", now, BODY, "https://kc/realms/demo");
        DemoReceiver.Verification verification = DemoReceiver.verify(headers::get, BODY, SECRET, now);
        assertTrue(verification.all(), verification.toString());
        assertTrue(verification.jwtClaims().contains("\"jti\":\"m-1\""));
    }

    @Test
    void rejectsATamperedBody() {
        Instant now = Instant.now();
        Map<String, String> headers = Signatures.headers(SECRET, "m-1", now, BODY, "iss");
        byte[] tampered = "{\"id\":\"m-1\",\"type\":\"user.deleted\"}".getBytes(StandardCharsets.UTF_8);
        DemoReceiver.Verification verification = DemoReceiver.verify(headers::get, tampered, SECRET, now);
        assertFalse(verification.standardWebhooks());
        assertFalse(verification.hookSignature());
        assertFalse(verification.jwt());
    }

    @Test
    void rejectsAnotherSecretAndAReplayedOldMessage() {
        Instant then = Instant.now().minus(Duration.ofMinutes(10));
        Map<String, String> old = Signatures.headers(SECRET, "m-1", then, BODY, "iss");
        DemoReceiver.Verification replay = DemoReceiver.verify(old::get, BODY, SECRET, Instant.now());
        assertFalse(replay.standardWebhooks(), "timestamp outside tolerance");
        assertFalse(replay.jwt(), "JWT expired");

        Map<String, String> fresh = Signatures.headers(SECRET, "m-1", Instant.now(), BODY, "iss");
        assertFalse(DemoReceiver.verify(fresh::get, BODY, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Instant.now()).all());
    }

    @Test
    void rejectsMissingHeaders() {
        Map<String, String> none = new HashMap<>();
        DemoReceiver.Verification verification = DemoReceiver.verify(none::get, BODY, SECRET, Instant.now());
        assertFalse(verification.standardWebhooks() || verification.hookSignature() || verification.jwt());
    }
}
