package io.keycloakhooks.flow;

import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormActionFactory;
import org.keycloak.models.KeycloakSession;

public class PreSignUpFormActionFactory extends PrehookStepFactory implements FormActionFactory {

    public static final String PROVIDER_ID = "hooks-pre-sign-up";
    /** The step's name in the admin console (and in coverage reasons). */
    public static final String DISPLAY_TYPE = "Hooks: pre-sign-up";

    private static final PreSignUpFormAction SINGLETON = new PreSignUpFormAction();

    public PreSignUpFormActionFactory() {
        super(PROVIDER_ID, DISPLAY_TYPE,
                "Asks the realm's pre_sign_up prehooks whether this registration may go on, before the user is "
                + "created; a denial shows the registration page again with the hook's message.");
    }

    @Override
    public FormAction create(KeycloakSession session) {
        return SINGLETON;
    }
}
