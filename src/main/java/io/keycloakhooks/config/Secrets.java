package io.keycloakhooks.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secret forms (docs/configuration.md#secrets): generated Standard Webhooks secrets, vault references, the API mask, and values
 * encrypted with AES-GCM under a named key: {@code enc:v1:<base64url key id>:<base64url iv || ciphertext+tag>}.
 * The key id is the GCM additional data, so a value cannot be passed off as encrypted under another key id.
 */
public final class Secrets {

    public static final String MASK = "**********";

    private static final String GENERATED_PREFIX = "whsec_";
    private static final int GENERATED_BYTES = 32;
    private static final String ENCRYPTED_PREFIX = "enc:v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** IV and tag, without any ciphertext, take 28 bytes: 38 base64url characters. */
    private static final Pattern ENCRYPTED = Pattern.compile("enc:v1:([A-Za-z0-9_-]+):([A-Za-z0-9_-]{38,})");
    private static final Pattern VAULT_REFERENCE = Pattern.compile("\\$\\{vault\\.[^}]+}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    private Secrets() {
    }

    /** {@code whsec_} + standard base64 of 32 random bytes. */
    public static String generate() {
        byte[] key = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(key);
        return GENERATED_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** {@code ${vault.<key>}}, resolved through Keycloak's vault at call time. */
    public static boolean isVaultReference(String value) {
        return value != null && VAULT_REFERENCE.matcher(value).matches();
    }

    /** A value written by {@link #encrypt}; checks the form only, not that it decrypts. */
    public static boolean isEncrypted(String value) {
        return value != null && value.startsWith(ENCRYPTED_PREFIX) && ENCRYPTED.matcher(value).matches();
    }

    /** The id of the key an encrypted value was encrypted with. */
    public static String keyIdOf(String encrypted) {
        return new String(decode(parts(encrypted).group(1)), StandardCharsets.UTF_8);
    }

    public static String encrypt(String plaintext, String keyId, SecretKey key) {
        if (keyId == null || keyId.isEmpty()) {
            throw new IllegalArgumentException("a key id is required to encrypt a hook secret");
        }
        byte[] keyIdBytes = keyId.getBytes(StandardCharsets.UTF_8);
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            byte[] ciphertext = cipher(Cipher.ENCRYPT_MODE, key, iv, keyIdBytes)
                    .doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] payload = Arrays.copyOf(iv, IV_BYTES + ciphertext.length);
            System.arraycopy(ciphertext, 0, payload, IV_BYTES, ciphertext.length);
            return ENCRYPTED_PREFIX + B64URL.encodeToString(keyIdBytes) + ":" + B64URL.encodeToString(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a hook secret with key " + keyId, e);
        }
    }

    /**
     * @throws IllegalArgumentException when the value is not an encrypted secret, was altered, or was not encrypted
     *         with this key under the key id it names
     */
    public static String decrypt(String encrypted, SecretKey key) {
        Matcher parts = parts(encrypted);
        byte[] keyId = decode(parts.group(1));
        byte[] payload = decode(parts.group(2));
        try {
            byte[] plaintext = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(payload, IV_BYTES), keyId)
                    .doFinal(payload, IV_BYTES, payload.length - IV_BYTES);
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the encrypted secret cannot be decrypted with key "
                    + new String(keyId, StandardCharsets.UTF_8) + " (wrong key, or the value was altered)", e);
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] iv, byte[] keyId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, aes(key), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(keyId);
        return cipher;
    }

    /** Keycloak's realm keys may name their algorithm differently; the key bytes are what counts. */
    private static SecretKey aes(SecretKey key) {
        return "AES".equalsIgnoreCase(key.getAlgorithm()) ? key : new SecretKeySpec(key.getEncoded(), "AES");
    }

    private static byte[] decode(String base64url) {
        try {
            return B64URL_DECODER.decode(base64url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the encrypted secret is not valid base64url (truncated or altered)", e);
        }
    }

    private static Matcher parts(String encrypted) {
        Matcher parts = encrypted == null ? null : ENCRYPTED.matcher(encrypted);
        if (parts == null || !parts.matches()) {
            throw new IllegalArgumentException("not an encrypted secret (expected " + ENCRYPTED_PREFIX + "<key id>:<data>)");
        }
        return parts;
    }
}
