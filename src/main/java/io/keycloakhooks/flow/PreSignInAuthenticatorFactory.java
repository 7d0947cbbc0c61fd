package io.keycloakhooks.flow;

import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.KeycloakSession;

public class PreSignInAuthenticatorFactory extends PrehookStepFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "hooks-pre-sign-in";
    /** The step's name in the admin console (and in coverage reasons). */
    public static final String DISPLAY_TYPE = "Hooks: pre-sign-in";

    private static final PreSignInAuthenticator SINGLETON = new PreSignInAuthenticator();

    public PreSignInAuthenticatorFactory() {
        super(PROVIDER_ID, DISPLAY_TYPE,
                "Asks the realm's pre_sign_in prehooks whether the identified user may sign in; a denial stops the "
                + "flow with the hook's message. Place it after the step that identifies the user.");
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
