package io.keycloakhooks.admin.console;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.keycloakhooks.config.Secrets;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;

/**
 * Keeps a secret typed into the console out of the component: before Keycloak stores the component, the secret
 * is replaced by the mask and held on the session (by component instance) until the create or update hook,
 * which writes it, encrypted, to the realm attribute. So the component never holds the secret, not even within
 * the transaction.
 */
final class PendingSecrets {

    private static final String ATTRIBUTE = PendingSecrets.class.getName();

    private PendingSecrets() {
    }

    /** Replaces a typed secret in the component's config by the mask and remembers it for {@link #take}. */
    static void hold(KeycloakSession session, ComponentModel component) {
        List<String> values = component.getConfig().get(HookForm.SECRET);
        if (values == null || values.isEmpty() || Secrets.MASK.equals(values.get(0))) {
            return;
        }
        held(session).put(component, values.get(0));
        component.getConfig().putSingle(HookForm.SECRET, Secrets.MASK);
    }

    /** The secret typed for this component in this request, or null when the mask was kept. */
    static String take(KeycloakSession session, ComponentModel component) {
        return held(session).remove(component);
    }

    @SuppressWarnings("unchecked")
    private static Map<ComponentModel, String> held(KeycloakSession session) {
        Object held = session.getAttribute(ATTRIBUTE);
        if (held == null) {
            held = new IdentityHashMap<ComponentModel, String>();
            session.setAttribute(ATTRIBUTE, held);
        }
        return (Map<ComponentModel, String>) held;
    }
}
