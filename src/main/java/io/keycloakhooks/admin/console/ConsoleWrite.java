package io.keycloakhooks.admin.console;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.keycloakhooks.admin.HookTest;
import io.keycloakhooks.admin.HookWrite;
import io.keycloakhooks.admin.InvalidHookException;
import io.keycloakhooks.config.HookConfig;
import io.keycloakhooks.config.HookJson;
import io.keycloakhooks.config.HookKind;
import io.keycloakhooks.config.HookRef;
import io.keycloakhooks.config.ParseResult;
import io.keycloakhooks.config.RealmHooks;
import io.keycloakhooks.runtime.HooksRuntime;
import io.keycloakhooks.runtime.RealmSecrets;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * A save on a Webhooks or Prehooks page: the form is validated exactly as the admin API validates its input
 * (same rules, same destination policy, same secret handling), the endpoint is called once unless the admin
 * opted out or the hook is disabled, then the hook's realm attribute is written and the component is rewritten
 * in the form every other path shows it (defaults filled in, the secret masked). A failure throws
 * {@link ComponentValidationException}, which the console shows and which rolls the whole save back.
 */
final class ConsoleWrite {

    static final String INVALID = "hooksConsoleInvalid";
    static final String TEST_FAILED = "hooksConsoleTestFailed";
    static final String ID_TAKEN = "hooksConsoleIdTaken";
    static final String ID_FIXED = "hooksConsoleIdFixed";

    private static final Logger LOG = Logger.getLogger(ConsoleWrite.class);

    private ConsoleWrite() {
    }

    /** @param previousHookId the hook the component showed before this save; null for a new component */
    static void save(KeycloakSession session, RealmModel realm, HookKind kind, ComponentModel component,
            String previousHookId) {
        String hookId = HookForm.hookId(component.getConfig());
        if (previousHookId == null) {
            hookId = hookId == null ? HookWrite.generatedId(kind) : hookId;
            if (realm.getAttribute(kind.attributeName(hookId)) != null) {
                throw new ComponentValidationException(ID_TAKEN, hookId);
            }
        } else if (!previousHookId.equals(hookId)) {
            throw new ComponentValidationException(ID_FIXED, previousHookId);
        }
        HookRef ref = new HookRef(kind, hookId);

        Map<String, List<String>> form = new HashMap<>(component.getConfig());
        String typedSecret = PendingSecrets.take(session, component);
        if (typedSecret != null) {
            form.put(HookForm.SECRET, List.of(typedSecret));
        }
        Optional<HookConfig> existing = previousHookId == null ? Optional.empty()
                : RealmHooks.from(realm.getName(), realm.getAttributes()).find(ref).map(ParseResult::config);
        HookWrite.Prepared prepared;
        try {
            prepared = HookWrite.prepare(ref, HookForm.toInput(kind, form), existing,
                    new RealmSecrets(session, realm)::protect, session.getProvider(HooksRuntime.class).policy(), false);
        } catch (InvalidHookException e) {
            throw new ComponentValidationException(INVALID, e.getMessage());
        }
        if (prepared.stored().enabled() && !HookForm.skipVerify(form)) {
            HookTest.Outcome outcome = HookTest.run(session, realm, prepared.stored());
            if (!outcome.passed()) {
                throw new ComponentValidationException(TEST_FAILED, outcome.failure());
            }
        }

        realm.setAttribute(ref.attributeName(), prepared.attributeValue());
        component.setName(hookId);
        component.setConfig(HookPages.multivalued(
                HookForm.toConfig(kind, hookId, HookJson.toRepresentation(prepared.stored()))));
        HookComponents.quietly(session, () -> realm.updateComponent(component));
        LOG.infof("realm %s: %s %s through the admin console", realm.getName(), ref.attributeName(),
                previousHookId == null ? "created" : "replaced");
    }

    /** A page component is deleted: its hook goes too. */
    static void remove(RealmModel realm, HookKind kind, ComponentModel component) {
        String hookId = HookForm.hookId(component.getConfig());
        if (hookId != null && realm.getAttribute(kind.attributeName(hookId)) != null) {
            realm.removeAttribute(kind.attributeName(hookId));
            LOG.infof("realm %s: %s deleted through the admin console", realm.getName(), kind.attributeName(hookId));
        }
    }
}
