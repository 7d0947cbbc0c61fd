package io.keycloakhooks.flow;

import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.KeycloakSession;

public class PrePasswordResetAuthenticatorFactory extends PrehookStepFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "hooks-pre-password-reset";
    /** The step's name in the admin console (and in coverage reasons). */
    public static final String DISPLAY_TYPE = "Hooks: pre-password-reset";

    private static final PrePasswordResetAuthenticator SINGLETON = new PrePasswordResetAuthenticator();

    public PrePasswordResetAuthenticatorFactory() {
        super(PROVIDER_ID, DISPLAY_TYPE,
                "Asks the realm's pre_password_reset prehooks whether the identified user may reset the password; "
                + "a denial sends no email and shows the hook's message. Place it after \"Choose User\", before \"Send Reset Email\".");
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
