package io.keycloakhooks.it;

import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Cheap password hashing for tests that time logins: Keycloak 26 hashes with Argon2 by default, whose cost would
 * hide what a hook adds.
 */
final class CheapPasswords {

    /** A password policy to set on the realm before {@link #rehash}. */
    static final String POLICY = "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)";

    private CheapPasswords() {
    }

    /**
     * Sets every user's password again so that it is stored under the realm's (cheap) policy: Keycloak does not
     * rehash an imported password at login.
     */
    static void rehash(ManagedRealm realm, String value) {
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(value);
        password.setTemporary(false);
        for (UserRepresentation user : realm.admin().users().list(0, 100)) {
            realm.admin().users().get(user.getId()).resetPassword(password);
        }
    }
}
