package io.keycloakhooks.flow;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * What the four prehook flow steps' factories share: an id, a name and help text for the admin console, the
 * choices Required or Disabled, and no configuration of their own (the prehooks live in realm attributes).
 * Subclasses add the SPI interface ({@code AuthenticatorFactory} or {@code FormActionFactory}) and {@code create}.
 */
abstract class PrehookStepFactory {

    private static final Requirement[] REQUIREMENT_CHOICES = {Requirement.REQUIRED, Requirement.DISABLED};

    private final String id;
    private final String displayType;
    private final String helpText;

    PrehookStepFactory(String id, String displayType, String helpText) {
        this.id = id;
        this.displayType = displayType;
        this.helpText = helpText;
    }

    public String getId() {
        return id;
    }

    public String getDisplayType() {
        return displayType;
    }

    public String getHelpText() {
        return helpText;
    }

    public String getReferenceCategory() {
        return null;
    }

    public boolean isConfigurable() {
        return false;
    }

    public Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    public boolean isUserSetupAllowed() {
        return false;
    }

    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    public void init(Config.Scope config) {
    }

    public void postInit(KeycloakSessionFactory factory) {
    }

    public void close() {
    }
}
