package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The test authenticator app against the published vectors (RFC 4226 appendix D, RFC 6238 appendix B, SHA-1). */
class TotpTest {

    /** "12345678901234567890" in base32, grouped as Keycloak shows keys. */
    static final String KEY = "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ";

    @Test
    void base32AsShownDecodesToTheKey() {
        assertArrayEquals("12345678901234567890".getBytes(StandardCharsets.US_ASCII), Totp.base32(KEY));
    }

    @Test
    void codesMatchThePublishedVectors() {
        Totp app = new Totp(KEY);
        assertEquals("755224", app.code(0));
        assertEquals("287082", app.code(1)); // RFC 6238: T = 59 s -> 94287082
        assertEquals("081804", app.code(1111111109L / 30)); // -> 07081804
        assertEquals("005924", app.code(1234567890L / 30)); // -> 89005924
    }

    @Test
    void freshCodesAreNeverHandedOutTwice() {
        Totp app = new Totp(KEY);
        assertNotEquals(app.freshCode(), app.freshCode());
    }
}
