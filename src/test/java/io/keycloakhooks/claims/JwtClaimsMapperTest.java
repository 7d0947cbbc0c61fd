package io.keycloakhooks.claims;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.ProtocolMapperConfigException;

class JwtClaimsMapperTest {

    private final JwtClaimsMapper mapper = new JwtClaimsMapper();

    @ParameterizedTest
    @ValueSource(strings = {"realm_access", "REALM_ACCESS", "Realm_Access", " email ", "EMAIL.x", "realm_access.roles",
            "Trusted-Certs"})
    void aNamespaceMatchingAProtectedClaimIsRefused(String namespace) {
        ProtocolMapperConfigException e = assertThrows(ProtocolMapperConfigException.class,
                () -> mapper.validateConfig(null, null, null, model(namespace)));
        assertEquals("namespace: " + namespace.strip() + " is a protected claim (names are compared ignoring case,"
                + " up to the first dot)", e.getMessage());
    }

    @Test
    void anOrdinaryNamespaceOrNoneIsAccepted() {
        for (String namespace : new String[] {"ext", "acme.claims", "emails", "", null}) {
            assertDoesNotThrow(() -> mapper.validateConfig(null, null, null, model(namespace)), namespace);
        }
    }

    private static ProtocolMapperModel model(String namespace) {
        ProtocolMapperModel model = new ProtocolMapperModel();
        Map<String, String> config = new HashMap<>();
        config.put(JwtClaimsMapper.NAMESPACE, namespace);
        model.setConfig(config);
        return model;
    }
}
