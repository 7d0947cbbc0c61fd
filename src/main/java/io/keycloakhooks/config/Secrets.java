package io.keycloakhooks.config;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Secret forms (SPEC §2.1): generated Standard Webhooks secrets, vault references, the API mask, and values
 * encrypted with AES-GCM under a named key: {@code enc:v1:<base64url key id>:<base64url iv+ciphertext>}. The key
 * id is authenticated too, so a value cannot be passed off as encrypted under another key.
 */
public final class Secrets {

    public static final String MASK = "**********";

    private static final String ENCRYPTED_PREFIX = "enc:v1:";
    private static final Pattern VAULT_REFERENCE = Pattern.compile("\\$\\{vault\\.[^}]+}");
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    private Secrets() {
    }

    /** {@code whsec_} + base64 of 32 random bytes. */
    public static String generate() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    public static boolean isVaultReference(String value) {
        return value != null && VAULT_REFERENCE.matcher(value).matches();
    }

    public static boolean isEncrypted(String value) {
        return value != null && value.startsWith(ENCRYPTED_PREFIX) && value.split(":", -1).length == 4;
    }

    public static String keyIdOf(String encrypted) {
        requireEncrypted(encrypted);
        return new String(B64URL_DECODER.decode(encrypted.split(":")[2]), StandardCharsets.UTF_8);
    }

    public static String encrypt(String plaintext, String keyId, SecretKey key) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, iv, keyId);
            byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] payload = ByteBuffer.allocate(iv.length + ciphertext.length).put(iv).put(ciphertext).array();
            return ENCRYPTED_PREFIX + B64URL.encodeToString(keyId.getBytes(StandardCharsets.UTF_8)) + ":"
                    + B64URL.encodeToString(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a hook secret with key " + keyId, e);
        }
    }

    /** @throws IllegalArgumentException when the value was tampered with or the key is not the one it was encrypted with */
    public static String decrypt(String encrypted, SecretKey key) {
        String keyId = keyIdOf(encrypted);
        byte[] payload = B64URL_DECODER.decode(encrypted.split(":")[3]);
        if (payload.length <= IV_BYTES) {
            throw new IllegalArgumentException("encrypted secret is truncated");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(payload, IV_BYTES), keyId);
            byte[] plaintext = cipher.doFinal(payload, IV_BYTES, payload.length - IV_BYTES);
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("encrypted secret cannot be decrypted with key " + keyId
                    + " (wrong key or altered value)");
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] iv, String keyId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new javax.crypto.spec.SecretKeySpec(key.getEncoded(), "AES"), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static void requireEncrypted(String value) {
        if (!isEncrypted(value)) {
            throw new IllegalArgumentException("not an encrypted secret");
        }
    }
}
