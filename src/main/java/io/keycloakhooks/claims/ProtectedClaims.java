package io.keycloakhooks.claims;

import java.util.Locale;
import java.util.Set;

import io.keycloakhooks.config.Format;

/**
 * Claims a JWT prehook may never set or override (docs/jwt-claims.md), plus the few more names that Keycloak's token classes
 * write as fields of their own ({@code claims_locales}, {@code trusted-certs}, {@code authorization_details}): a
 * custom claim of that name would put the key twice into the token's JSON.
 *
 * <p>A name is protected when its part before the first dot, in any case, is one of these: {@code Email},
 * {@code REALM_ACCESS} and {@code realm_access.roles} are all protected, so a claim cannot pass for a protected one
 * to a client that compares names loosely or reads dotted names as paths.
 */
public final class ProtectedClaims {

    /** The documented list (docs/jwt-claims.md#protected-claims). */
    static final Set<String> STANDARD = Set.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti", "azp", "typ", "sid",
            "session_state", "auth_time", "nonce", "acr", "amr", "at_hash", "c_hash", "s_hash", "scope", "client_id",
            "cnf", "realm_access", "resource_access", "authorization", "organization", "allowed-origins",
            // OIDC standard profile claims
            "email", "email_verified", "name", "preferred_username", "given_name", "family_name", "middle_name",
            "nickname", "phone_number", "phone_number_verified", "address", "birthdate", "gender", "locale",
            "picture", "profile", "website", "zoneinfo", "updated_at");

    /** Fields of Keycloak's {@code AccessToken} / {@code IDToken} classes that the documented list does not list. */
    static final Set<String> KEYCLOAK_FIELDS = Set.of("claims_locales", "trusted-certs", "authorization_details");

    private ProtectedClaims() {
    }

    /**
     * Claims that Frontegg's JWT generation answers may carry but that, for hooks of format {@code frontegg}, stay
     * Keycloak's (docs/formats.md#frontegg): the tenant and the permissions come from Keycloak's organizations and
     * roles, never from the hook.
     */
    static final Set<String> FRONTEGG = Set.of("tenantid", "permissions");

    /** Whether {@code name} may not be a top-level claim that a prehook of {@code format} sets. */
    public static boolean isProtected(String name, Format format) {
        if (isProtected(name)) {
            return true;
        }
        if (format != Format.FRONTEGG) {
            return false;
        }
        int dot = name.indexOf('.');
        return FRONTEGG.contains((dot < 0 ? name : name.substring(0, dot)).toLowerCase(Locale.ROOT));
    }

    /** Whether {@code name} may not be a top-level claim that a prehook sets. */
    public static boolean isProtected(String name) {
        int dot = name.indexOf('.');
        String first = (dot < 0 ? name : name.substring(0, dot)).toLowerCase(Locale.ROOT);
        return STANDARD.contains(first) || KEYCLOAK_FIELDS.contains(first);
    }
}
