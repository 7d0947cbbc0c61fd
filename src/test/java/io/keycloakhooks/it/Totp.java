package io.keycloakhooks.it;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An authenticator app, written from RFC 6238 / RFC 4226 (HMAC-SHA1, 6 digits, 30 s: Keycloak's default OTP
 * policy) with the key a user types in from the "Unable to scan?" page (RFC 4648 base32, grouped with spaces).
 * Keycloak refuses a code it has already accepted, so each call returns a code not handed out before: the current
 * one, else the next period's (inside Keycloak's default look-around window of one period).
 */
final class Totp {

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final byte[] key;
    private final Set<String> used = new HashSet<>();

    Totp(String shownKey) {
        this.key = base32(shownKey);
    }

    String freshCode() {
        long now = Instant.now().getEpochSecond();
        for (long offset = 0; offset <= 30; offset += 30) {
            String code = code((now + offset) / 30);
            if (used.add(code)) {
                return code;
            }
        }
        throw new AssertionError("no unused code in this period or the next");
    }

    String code(long counter) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] base32(String text) {
        String clean = text.replaceAll("[\\s=]", "").toUpperCase(Locale.ROOT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : clean.toCharArray()) {
            int value = BASE32.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not base32: " + text);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
