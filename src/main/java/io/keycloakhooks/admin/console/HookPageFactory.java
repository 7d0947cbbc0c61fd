package io.keycloakhooks.admin.console;

import java.util.List;
import java.util.Map;

import io.keycloakhooks.config.HookKind;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * A declarative admin console page (feature {@code declarative-ui}) whose items are the hooks of one kind. Each
 * item is a component under the realm; the hook's realm attribute stays the source of truth: console saves and
 * deletes write it ({@link ConsoleWrite}), every other change of it is copied to the components
 * ({@link HookComponents}). Writes of {@link HookComponents} itself are left alone.
 */
abstract class HookPageFactory implements UiPageProviderFactory<ComponentModel> {

    private final HookKind kind;
    private final List<ProviderConfigProperty> properties;

    HookPageFactory(HookKind kind) {
        this.kind = kind;
        this.properties = HookPages.properties(kind);
    }

    @Override
    public String getId() {
        return HookPages.pageId(kind);
    }

    @Override
    public String getHelpText() {
        return HookPages.helpText(kind);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return properties;
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", HookPages.displayFields(kind));
    }

    /** Runs before Keycloak stores the component (console saves, but also realm imports): only hides the secret. */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        if (!HookComponents.quiet(session)) {
            PendingSecrets.hold(session, model);
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (!HookComponents.quiet(session)) {
            ConsoleWrite.save(session, realm, kind, model, null);
        }
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        if (!HookComponents.quiet(session)) {
            if (!getId().equals(oldModel.getProviderId())) {
                throw new ComponentValidationException(ConsoleWrite.INVALID,
                        "a hook cannot move to another page (create a new one instead)");
            }
            ConsoleWrite.save(session, realm, kind, newModel, HookForm.hookId(oldModel.getConfig()));
        }
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (!HookComponents.quiet(session)) {
            ConsoleWrite.remove(session, realm, kind, model);
        }
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
