package io.keycloakhooks.claims;

import java.util.Set;

/**
 * Claims a JWT prehook may never set or override (SPEC §6), plus the few more names that Keycloak's token classes
 * write as fields of their own ({@code claims_locales}, {@code trusted-certs}, {@code authorization_details}): a
 * custom claim of that name would put the key twice into the token's JSON.
 */
public final class ProtectedClaims {

    /** The list of SPEC §6. */
    static final Set<String> SPEC = Set.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti", "azp", "typ", "sid",
            "session_state", "auth_time", "nonce", "acr", "amr", "at_hash", "c_hash", "s_hash", "scope", "client_id",
            "cnf", "realm_access", "resource_access", "authorization", "organization", "allowed-origins",
            // OIDC standard profile claims
            "email", "email_verified", "name", "preferred_username", "given_name", "family_name", "middle_name",
            "nickname", "phone_number", "phone_number_verified", "address", "birthdate", "gender", "locale",
            "picture", "profile", "website", "zoneinfo", "updated_at");

    /** Fields of Keycloak's {@code AccessToken} / {@code IDToken} classes that SPEC §6 does not list. */
    static final Set<String> KEYCLOAK_FIELDS = Set.of("claims_locales", "trusted-certs", "authorization_details");

    private ProtectedClaims() {
    }

    public static boolean isProtected(String claim) {
        return SPEC.contains(claim) || KEYCLOAK_FIELDS.contains(claim);
    }
}
