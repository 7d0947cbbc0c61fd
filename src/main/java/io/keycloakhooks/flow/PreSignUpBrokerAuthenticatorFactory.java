package io.keycloakhooks.flow;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

public class PreSignUpBrokerAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "hooks-pre-sign-up-broker";

    private static final PreSignUpBrokerAuthenticator SINGLETON = new PreSignUpBrokerAuthenticator();
    private static final Requirement[] REQUIREMENT_CHOICES = {Requirement.REQUIRED, Requirement.DISABLED};

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Hooks: pre-sign-up (identity provider)";
    }

    @Override
    public String getHelpText() {
        return "Asks the realm's pre_sign_up prehooks whether a first login through an identity provider may create "
                + "an account; a denial stops it with the hook's message. Place it in the first broker login flow before "
                + "\"User creation or linking\"; it does nothing when the identity is linked to an existing account.";
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
    public Authenticator create(KeycloakSession session) {
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
