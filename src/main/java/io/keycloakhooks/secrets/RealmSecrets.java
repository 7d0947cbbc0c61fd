package io.keycloakhooks.secrets;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.keycloakhooks.config.Secrets;
import io.keycloakhooks.logging.OnceLog;
import org.jboss.logging.Logger;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.vault.VaultStringSecret;

/**
 * Turns a hook's stored secret into the value used to sign, and a secret written through the admin API into
 * its stored form: encrypted with the realm's active AES key (Keycloak's {@code aes-generated} key provider),
 * so the raw secret is not readable from the realm attribute. Encrypted values name their key, so they stay
 * readable after a key rotation as long as the old key is kept (passive or disabled, not deleted).
 */
public final class RealmSecrets {

    private static final Logger LOG = Logger.getLogger(RealmSecrets.class);
    /**
     * Decrypted secrets by realm and stored value, so a hook on the token path does not look up the realm key and
     * decrypt on every call (each token request is a new session). Kept for a minute: a deleted realm key stops
     * decrypting its secrets within that time. Bounded: reaching the bound clears it.
     */
    private static final ConcurrentMap<DecryptedKey, Decrypted> DECRYPTED = new ConcurrentHashMap<>();
    private static final int MAX_DECRYPTED = 1024;
    private static final long DECRYPTED_TTL_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Hooks whose plain-text secret was already warned about, so the warning comes once per hook, not per call. */
    private static final OnceLog PLAINTEXT_WARNED = new OnceLog();

    private final KeycloakSession session;
    private final RealmModel realm;

    public RealmSecrets(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * The stored form of a secret, header value or URL query value the admin wrote: vault references stay as they
     * are, anything else is encrypted.
     */
    public String protect(String secret) {
        if (secret == null || Secrets.isVaultReference(secret) || Secrets.isEncrypted(secret)) {
            return secret;
        }
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.ENC, Algorithm.AES);
        if (key == null || key.getSecretKey() == null) {
            throw new IllegalStateException("realm " + realm.getName() + " has no active AES key to encrypt hook secrets"
                    + " (add an 'aes-generated' key provider in Realm settings > Keys)");
        }
        return Secrets.encrypt(secret, key.getKid(), key.getSecretKey());
    }

    /**
     * The secret to sign with, from its stored form; empty for a hook without a secret.
     *
     * @throws SecretUnavailableException when the vault entry or the encryption key is missing: the call must
     *         not go out unsigned
     */
    public Optional<String> resolve(String hookAttribute, String stored) throws SecretUnavailableException {
        if (stored == null) {
            return Optional.empty();
        }
        String decrypted = recentlyDecrypted(stored);
        if (decrypted != null) {
            return Optional.of(decrypted);
        }
        if (Secrets.isVaultReference(stored)) {
            return Optional.of(fromVault(stored));
        }
        if (Secrets.isEncrypted(stored)) {
            return Optional.of(decrypt(stored));
        }
        if (PLAINTEXT_WARNED.first("plaintext:" + realm.getId() + ":" + hookAttribute)) {
            LOG.warnf("realm %s, %s: the secret is stored in plain text in the realm attribute; write it through the "
                    + "admin API (stored encrypted) or use a vault reference ${vault.<key>}", realm.getName(), hookAttribute);
        }
        return Optional.of(stored);
    }

    /**
     * The plain form of a stored secret for comparing two configurations: encrypted values decrypted (null when they
     * cannot be), anything else as it is; the vault is not asked.
     */
    public String plainForComparison(String stored) {
        if (!Secrets.isEncrypted(stored)) {
            return stored;
        }
        try {
            return decryptNow(stored);
        } catch (SecretUnavailableException | RuntimeException e) {
            return null;
        }
    }

    /** Whether an encrypted-looking value decrypts with this realm's keys (only the server writes such values). */
    public boolean decrypts(String value) {
        return !Secrets.isEncrypted(value) || plainForComparison(value) != null;
    }

    /**
     * The plain form of a stored header value, URL query value or URL: vault references read from the vault,
     * encrypted values decrypted, anything else as it is.
     */
    public String resolveValue(String value) throws SecretUnavailableException {
        if (Secrets.isVaultReference(value)) {
            return fromVault(value);
        }
        if (Secrets.isEncrypted(value)) {
            String decrypted = recentlyDecrypted(value);
            return decrypted != null ? decrypted : decrypt(value);
        }
        return value;
    }

    private String fromVault(String reference) throws SecretUnavailableException {
        try (VaultStringSecret secret = session.vault().getStringSecret(reference)) {
            return secret.get().orElseThrow(() -> new SecretUnavailableException(
                    "vault entry " + reference + " not found"));
        }
    }

    /** The plaintext of an encrypted secret decrypted within the last minute, or null. */
    private String recentlyDecrypted(String stored) {
        Decrypted known = DECRYPTED.get(new DecryptedKey(realm.getId(), stored));
        return known != null && System.nanoTime() - known.expiresNanos() < 0 ? known.plaintext() : null;
    }

    private String decrypt(String stored) throws SecretUnavailableException {
        String plaintext = decryptNow(stored);
        if (DECRYPTED.size() >= MAX_DECRYPTED) {
            DECRYPTED.clear();
        }
        DECRYPTED.put(new DecryptedKey(realm.getId(), stored), new Decrypted(plaintext, System.nanoTime() + DECRYPTED_TTL_NANOS));
        return plaintext;
    }

    private String decryptNow(String stored) throws SecretUnavailableException {
        String kid;
        try {
            kid = Secrets.keyIdOf(stored);
        } catch (IllegalArgumentException e) {
            throw new SecretUnavailableException("the stored secret is not a readable encrypted value");
        }
        KeyWrapper key = session.keys().getKey(realm, kid, KeyUse.ENC, Algorithm.AES);
        if (key == null || key.getSecretKey() == null) {
            throw new SecretUnavailableException("the realm key " + kid + " that encrypted the secret no longer exists");
        }
        try {
            return Secrets.decrypt(stored, key.getSecretKey());
        } catch (RuntimeException e) {
            throw new SecretUnavailableException("the stored secret cannot be decrypted with realm key " + kid);
        }
    }

    private record DecryptedKey(String realmId, String stored) {
    }

    private record Decrypted(String plaintext, long expiresNanos) {
    }

    /** A secret needed for signing cannot be had; the message says why (never the secret). */
    public static final class SecretUnavailableException extends Exception {
        public SecretUnavailableException(String message) {
            super(message);
        }
    }
}
