package io.keycloakhooks.flow;

import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.KeycloakSession;

public class PreSignUpBrokerAuthenticatorFactory extends PrehookStepFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "hooks-pre-sign-up-broker";
    /** The step's name in the admin console (and in coverage reasons). */
    public static final String DISPLAY_TYPE = "Hooks: pre-sign-up (identity provider)";

    private static final PreSignUpBrokerAuthenticator SINGLETON = new PreSignUpBrokerAuthenticator();

    public PreSignUpBrokerAuthenticatorFactory() {
        super(PROVIDER_ID, DISPLAY_TYPE,
                "Asks the realm's pre_sign_up prehooks whether a first login through an identity provider may create "
                + "an account; a denial stops it with the hook's message. Place it in the first broker login flow before "
                + "\"User creation or linking\"; it does nothing when the identity is linked to an existing account.");
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
