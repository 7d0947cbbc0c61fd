package io.keycloakhooks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretsTest {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private static SecretKey key(int bytes) {
        byte[] key = new byte[bytes];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, "AES");
    }

    private static SecretKey key() {
        return key(16);
    }

    @Test
    void generatedSecretsAreStandardWebhooksSecrets() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            String secret = Secrets.generate();
            assertTrue(secret.matches("whsec_[A-Za-z0-9+/]{43}="), secret);
            assertEquals(32, Base64.getDecoder().decode(secret.substring("whsec_".length())).length);
            assertTrue(secret.length() >= 32, "long enough to be accepted as a plaintext secret");
            assertTrue(seen.add(secret));
        }
    }

    @Test
    void vaultReferences() {
        assertTrue(Secrets.isVaultReference("${vault.webhook_secret}"));
        assertTrue(Secrets.isVaultReference("${vault.realm-a.key}"));
        assertFalse(Secrets.isVaultReference("${vault.}"));
        assertFalse(Secrets.isVaultReference("${vault.x}suffix"));
        assertFalse(Secrets.isVaultReference("prefix ${vault.x}"));
        assertFalse(Secrets.isVaultReference("${env.X}"));
        assertFalse(Secrets.isVaultReference(null));
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 24, 32})
    void encryptDecryptRoundTrip(int keyBytes) {
        SecretKey key = key(keyBytes);
        String encrypted = Secrets.encrypt("whsec_abc", "kid-1:with:colons/and ünicode", key);
        assertTrue(encrypted.startsWith("enc:v1:"), encrypted);
        assertEquals(4, encrypted.split(":", -1).length, "the key id is encoded, so its colons do not split the value");
        assertTrue(Secrets.isEncrypted(encrypted));
        assertFalse(encrypted.contains("whsec_abc"));
        assertEquals("kid-1:with:colons/and ünicode", Secrets.keyIdOf(encrypted));
        assertEquals("whsec_abc", Secrets.decrypt(encrypted, key));
        assertNotEquals(encrypted, Secrets.encrypt("whsec_abc", "kid-1:with:colons/and ünicode", key), "a fresh IV each time");
    }

    @Test
    void theFormatIsAesGcmWithATwelveByteIvAndTheKeyIdAsAdditionalData() throws Exception {
        SecretKey key = key();
        String encrypted = Secrets.encrypt("plain", "kid", key);
        String[] parts = encrypted.split(":");
        assertEquals(B64URL.encodeToString("kid".getBytes(StandardCharsets.UTF_8)), parts[2]);
        byte[] payload = Base64.getUrlDecoder().decode(parts[3]);
        assertEquals(12 + "plain".length() + 16, payload.length, "IV, ciphertext, 128-bit tag");

        // decrypted here with the JDK directly, not through Secrets
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, payload, 0, 12));
        cipher.updateAAD("kid".getBytes(StandardCharsets.UTF_8));
        assertEquals("plain", new String(cipher.doFinal(payload, 12, payload.length - 12), StandardCharsets.UTF_8));
    }

    @Test
    void anEmptySecretRoundTrips() {
        SecretKey key = key();
        assertEquals("", Secrets.decrypt(Secrets.encrypt("", "k", key), key));
    }

    @Test
    void aKeyNamedForAnotherAlgorithmIsUsedByItsBytes() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String encrypted = Secrets.encrypt("s", "k", new SecretKeySpec(bytes, "HmacSHA256"));
        assertEquals("s", Secrets.decrypt(encrypted, new SecretKeySpec(bytes, "AES")));
    }

    @Test
    void anotherKeyIsDetected() {
        String encrypted = Secrets.encrypt("s3cret-value", "kid", key());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Secrets.decrypt(encrypted, key()));
        assertTrue(e.getMessage().contains("kid"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void tamperingIsDetectedAnywhereInThePayload() {
        SecretKey key = key();
        String encrypted = Secrets.encrypt("s3cret-value", "kid", key);
        String[] parts = encrypted.split(":");
        byte[] payload = Base64.getUrlDecoder().decode(parts[3]);
        for (int i = 0; i < payload.length; i++) {
            byte[] altered = payload.clone();
            altered[i] ^= 1;
            String tampered = parts[0] + ":" + parts[1] + ":" + parts[2] + ":" + B64URL.encodeToString(altered);
            assertThrows(IllegalArgumentException.class, () -> Secrets.decrypt(tampered, key), "byte " + i);
        }
    }

    @Test
    void theKeyIdIsBoundToTheCiphertext() {
        SecretKey key = key();
        String encrypted = Secrets.encrypt("s3cret-value", "kid-a", key);
        String[] parts = encrypted.split(":");
        String moved = parts[0] + ":" + parts[1] + ":" + B64URL.encodeToString("kid-b".getBytes(StandardCharsets.UTF_8))
                + ":" + parts[3];
        assertTrue(Secrets.isEncrypted(moved));
        assertEquals("kid-b", Secrets.keyIdOf(moved));
        assertThrows(IllegalArgumentException.class, () -> Secrets.decrypt(moved, key),
                "the same key under another key id is refused");
    }

    @Test
    void encryptedValuesAreRecognisedByForm() {
        String encrypted = Secrets.encrypt("x", "k", key());
        assertTrue(Secrets.isEncrypted(encrypted));
        assertFalse(Secrets.isEncrypted(null));
        assertFalse(Secrets.isEncrypted("enc:v1:a2lk:c2hvcnQ"), "too short for an IV and a tag");
        assertFalse(Secrets.isEncrypted("enc:v2:" + encrypted.substring(7)));
        assertFalse(Secrets.isEncrypted(encrypted + ":more"));
        assertFalse(Secrets.isEncrypted("enc:v1::" + encrypted.split(":")[3]), "a key id is required");
        assertFalse(Secrets.isEncrypted("enc:v1:a+b:" + encrypted.split(":")[3]), "base64url only");
        assertFalse(Secrets.isEncrypted(Secrets.generate()));
    }

    @Test
    void valuesThatAreNotEncryptedAreRefusedClearly() {
        for (String value : new String[] {null, "whsec_abc", "enc:v1:a2lk:c2hvcnQ"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Secrets.decrypt(value, key()));
            assertTrue(e.getMessage().contains("not an encrypted secret"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Secrets.keyIdOf(value));
        }
        String impossibleLength = "enc:v1:a2lk:" + "A".repeat(41);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Secrets.decrypt(impossibleLength, key()));
        assertTrue(e.getMessage().contains("base64url"), e.getMessage());
    }

    @Test
    void aKeyIdIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> Secrets.encrypt("x", "", key()));
        assertThrows(IllegalArgumentException.class, () -> Secrets.encrypt("x", null, key()));
    }
}
