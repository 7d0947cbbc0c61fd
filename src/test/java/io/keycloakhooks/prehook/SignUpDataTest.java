package io.keycloakhooks.prehook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SignUpDataTest {

    @Test
    void profileFieldsStandAloneAndSecretsNeverAppear() {
        ObjectNode data = SignUpData.of("a@b.test", "ann", "Ann", "Lee", Map.of(
                "username", List.of("ann"), "email", List.of("a@b.test"), "firstName", List.of("Ann"),
                "lastName", List.of("Lee"), "password", List.of("p"), "password-confirm", List.of("p"),
                "g-recaptcha-response", List.of("r"), "department", List.of("Sales"), "oldPassword", List.of("x")),
                SignUpData.FORM_PROVIDER);

        assertEquals("a@b.test", data.get("email").asText());
        assertEquals("ann", data.get("username").asText());
        assertEquals("Ann", data.get("firstName").asText());
        assertEquals("Lee", data.get("lastName").asText());
        assertEquals("form", data.get("provider").asText());
        assertEquals(1, data.get("attributes").size(), data.toString());
        assertEquals("Sales", data.get("attributes").get("department").get(0).asText());
        assertFalse(data.toString().contains("\"p\""));
        assertFalse(data.has("identityProvider"));
    }

    @Test
    void missingValuesAreNull() {
        ObjectNode data = SignUpData.of(null, "ann", null, null, null, "corp-idp");
        assertTrue(data.get("email").isNull());
        assertEquals("corp-idp", data.get("provider").asText());
        assertEquals(0, data.get("attributes").size());
    }

    @Test
    void identityProviderCarriesTheBrokeredIdentity() {
        ObjectNode idp = SignUpData.identityProvider("corp", "oidc", "a@corp.test", "ann.lee");
        assertEquals("corp", idp.get("alias").asText());
        assertEquals("oidc", idp.get("providerId").asText());
        assertEquals("a@corp.test", idp.get("email").asText());
        assertEquals("ann.lee", idp.get("username").asText());
    }
}
