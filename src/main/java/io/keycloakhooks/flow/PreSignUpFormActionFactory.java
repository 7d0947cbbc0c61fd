package io.keycloakhooks.flow;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormActionFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

public class PreSignUpFormActionFactory implements FormActionFactory {

    public static final String PROVIDER_ID = "hooks-pre-sign-up";

    private static final PreSignUpFormAction SINGLETON = new PreSignUpFormAction();
    private static final Requirement[] REQUIREMENT_CHOICES = {Requirement.REQUIRED, Requirement.DISABLED};

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Hooks: pre-sign-up";
    }

    @Override
    public String getHelpText() {
        return "Asks the realm's pre_sign_up prehooks whether this registration may go on, before the user is "
                + "created; a denial shows the registration page again with the hook's message.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public FormAction create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
