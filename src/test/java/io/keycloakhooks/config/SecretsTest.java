package io.keycloakhooks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class SecretsTest {

    private static SecretKey key() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }

    @Test
    void generatedSecretsAreStandardWebhooksSecrets() {
        String secret = Secrets.generate();
        assertTrue(secret.startsWith("whsec_"));
        assertEquals(32, Base64.getDecoder().decode(secret.substring(6)).length);
        assertNotEquals(secret, Secrets.generate());
    }

    @Test
    void vaultReferences() {
        assertTrue(Secrets.isVaultReference("${vault.webhook_secret}"));
        assertFalse(Secrets.isVaultReference("${vault.}"));
        assertFalse(Secrets.isVaultReference("prefix ${vault.x}"));
        assertFalse(Secrets.isVaultReference(null));
    }

    @Test
    void encryptDecryptRoundTrip() {
        SecretKey key = key();
        String encrypted = Secrets.encrypt("whsec_abc", "kid-1:with:colons", key);
        assertTrue(Secrets.isEncrypted(encrypted));
        assertFalse(encrypted.contains("whsec_abc"));
        assertEquals("kid-1:with:colons", Secrets.keyIdOf(encrypted));
        assertEquals("whsec_abc", Secrets.decrypt(encrypted, key));
        assertNotEquals(encrypted, Secrets.encrypt("whsec_abc", "kid-1:with:colons", key), "a fresh IV each time");
    }

    @Test
    void tamperingOrAnotherKeyIsDetected() {
        SecretKey key = key();
        String encrypted = Secrets.encrypt("s3cret-value", "kid", key);
        assertThrows(IllegalArgumentException.class, () -> Secrets.decrypt(encrypted, key()));
        char last = encrypted.charAt(encrypted.length() - 2);
        String tampered = encrypted.substring(0, encrypted.length() - 2) + (last == 'A' ? 'B' : 'A') + encrypted.charAt(encrypted.length() - 1);
        assertThrows(IllegalArgumentException.class, () -> Secrets.decrypt(tampered, key));
    }

    @Test
    void theKeyIdIsBoundToTheCiphertext() {
        SecretKey key = key();
        String encrypted = Secrets.encrypt("s3cret-value", "kid-a", key);
        String[] parts = encrypted.split(":");
        String moved = parts[0] + ":" + parts[1] + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString("kid-b".getBytes())
                + ":" + parts[3];
        assertThrows(IllegalArgumentException.class, () -> Secrets.decrypt(moved, key));
    }
}
