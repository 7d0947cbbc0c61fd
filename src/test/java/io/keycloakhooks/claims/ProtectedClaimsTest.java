package io.keycloakhooks.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessToken;
import org.keycloak.util.JsonSerialization;

class ProtectedClaimsTest {

    @Test
    void everyClaimOfTheSpecListIsProtected() {
        List<String> spec = List.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti", "azp", "typ", "sid",
                "session_state", "auth_time", "nonce", "acr", "amr", "at_hash", "c_hash", "s_hash", "scope",
                "client_id", "cnf", "realm_access", "resource_access", "authorization", "organization",
                "allowed-origins", "email", "email_verified", "name", "preferred_username", "given_name",
                "family_name", "middle_name", "nickname", "phone_number", "phone_number_verified", "address",
                "birthdate", "gender", "locale", "picture", "profile", "website", "zoneinfo", "updated_at");
        spec.forEach(claim -> assertTrue(ProtectedClaims.isProtected(claim), claim));
        assertEquals(spec.size(), ProtectedClaims.STANDARD.size());
    }

    @Test
    void everyFieldOfKeycloaksTokenClassIsProtected() {
        // A custom claim with the name of a token field would put that key twice into the token's JSON.
        BeanDescription description = JsonSerialization.mapper.getSerializationConfig()
                .introspect(JsonSerialization.mapper.constructType(AccessToken.class));
        Set<String> unprotected = new TreeSet<>();
        Set<String> fields = new TreeSet<>();
        description.findProperties().forEach(p -> fields.add(p.getName()));
        assertTrue(fields.containsAll(Set.of("realm_access", "preferred_username", "trusted-certs", "iss")), fields.toString());
        for (BeanPropertyDefinition property : description.findProperties()) {
            if (!property.getName().equals("otherClaims") && !ProtectedClaims.isProtected(property.getName())) {
                unprotected.add(property.getName());
            }
        }
        assertEquals(Set.of(), unprotected);
    }

    @Test
    void ordinaryClaimsAreNotProtected() {
        for (String claim : List.of("plan", "team", "features", "groups", "tenant_id", "emails", "e-mail",
                "realm_access_x", "realm", "x.email", ".email", "ext.realm_access", "")) {
            assertFalse(ProtectedClaims.isProtected(claim), claim);
        }
    }

    @Test
    void namesMatchIgnoringCaseAndByTheirPartBeforeTheFirstDot() {
        for (String claim : List.of("REALM_ACCESS", "Realm_Access", "realm_access.roles", "EMAIL.x", "Email", "SUB",
                "email.", "iss.a.b", "Resource_Access.account.roles", "Trusted-Certs", "AUTHORIZATION_DETAILS.x")) {
            assertTrue(ProtectedClaims.isProtected(claim), claim);
        }
    }

    @Test
    void fronteggTenantAndPermissionsAreProtectedForThatFormatOnly() {
        for (String claim : List.of("tenantId", "TENANTID", "permissions", "permissions.read")) {
            assertTrue(ProtectedClaims.isProtected(claim, io.keycloakhooks.config.Format.FRONTEGG), claim);
            assertFalse(ProtectedClaims.isProtected(claim, io.keycloakhooks.config.Format.HELLOJOHN), claim);
            assertFalse(ProtectedClaims.isProtected(claim, io.keycloakhooks.config.Format.STANDARD), claim);
        }
        assertTrue(ProtectedClaims.isProtected("sub", io.keycloakhooks.config.Format.FRONTEGG));
        assertFalse(ProtectedClaims.isProtected("plan", io.keycloakhooks.config.Format.FRONTEGG));
    }
}
