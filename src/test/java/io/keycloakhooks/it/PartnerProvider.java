package io.keycloakhooks.it;

import java.util.HashMap;
import java.util.Map;

import org.keycloak.representations.idm.IdentityProviderRepresentation;

/**
 * An OpenID Connect identity provider that is another realm of the same Keycloak ({@link BrokerPrehooksIT.PartnerRealm}):
 * its {@code broker} client, signature checks off, users imported.
 */
final class PartnerProvider {

    private PartnerProvider() {
    }

    /** @param partnerBase the partner realm's base URL, {@code <keycloak>/realms/<name>} */
    static IdentityProviderRepresentation oidc(String alias, String partnerBase) {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(alias);
        idp.setProviderId("oidc");
        idp.setEnabled(true);
        Map<String, String> config = new HashMap<>();
        config.put("clientId", "broker");
        config.put("clientSecret", "broker-secret");
        config.put("clientAuthMethod", "client_secret_post");
        config.put("authorizationUrl", partnerBase + "/protocol/openid-connect/auth");
        config.put("tokenUrl", partnerBase + "/protocol/openid-connect/token");
        config.put("userInfoUrl", partnerBase + "/protocol/openid-connect/userinfo");
        config.put("issuer", partnerBase);
        config.put("defaultScope", "openid email profile");
        config.put("validateSignature", "false");
        config.put("syncMode", "IMPORT");
        idp.setConfig(config);
        return idp;
    }
}
