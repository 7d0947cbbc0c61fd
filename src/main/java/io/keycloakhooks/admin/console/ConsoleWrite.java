package io.keycloakhooks.admin.console;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.keycloakhooks.admin.HookTest;
import io.keycloakhooks.admin.HookWrite;
import io.keycloakhooks.admin.InvalidHookException;
import io.keycloakhooks.config.HookConfig;
import io.keycloakhooks.config.HookKind;
import io.keycloakhooks.config.HookRef;
import io.keycloakhooks.config.ParseResult;
import io.keycloakhooks.config.RealmHooks;
import io.keycloakhooks.runtime.HooksRuntime;
import io.keycloakhooks.secrets.RealmSecrets;
import io.keycloakhooks.store.HookStore;
import io.keycloakhooks.store.WriteSource;
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
    static final String STALE = "hooksConsoleStale";

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
        HookStore store = HookStore.of(session, realm);
        HookStore.State current = store.state(ref);
        Long formRevision = HookForm.revision(component.getConfig());
        if (previousHookId != null && formRevision != null && formRevision != current.revision()) {
            throw new ComponentValidationException(STALE, String.valueOf(formRevision), String.valueOf(current.revision()));
        }

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
                    HookWrite.SecretProtector.of(new RealmSecrets(session, realm)), session.getProvider(HooksRuntime.class).policy(), false);
        } catch (InvalidHookException e) {
            throw new ComponentValidationException(INVALID, e.getMessage());
        }
        if (prepared.stored().enabled() && !HookForm.skipVerify(form)) {
            HookTest.Outcome outcome = HookTest.run(session, realm, prepared.stored());
            if (!outcome.passed()) {
                throw new ComponentValidationException(TEST_FAILED, outcome.failure());
            }
        }

        String stored = prepared.attributeValue();
        HookStore.Writer writer = new HookStore.Writer(WriteSource.CONSOLE, adminId(session));
        HookComponents.quietly(session, () -> store.put(ref, stored, current, writer));
        ParseResult written = RealmHooks.from(realm.getName(), realm.getAttributes()).find(ref).orElseThrow();
        component.setName(hookId);
        component.setConfig(HookPages.multivalued(HookComponents.pageConfig(written, HookComponents.coverage(session, realm))));
        HookComponents.quietly(session, () -> realm.updateComponent(component));
        LOG.infof("realm %s: %s %s through the admin console", realm.getName(), ref.attributeName(),
                previousHookId == null ? "created" : "replaced");
    }

    /** A page component is deleted: its hook goes too. */
    static void remove(KeycloakSession session, RealmModel realm, HookKind kind, ComponentModel component) {
        String hookId = HookForm.hookId(component.getConfig());
        if (hookId != null && realm.getAttribute(kind.attributeName(hookId)) != null) {
            HookStore.Writer writer = new HookStore.Writer(WriteSource.CONSOLE, adminId(session));
            HookComponents.quietly(session, () -> HookStore.of(session, realm).delete(new HookRef(kind, hookId), writer));
            LOG.infof("realm %s: %s deleted through the admin console", realm.getName(), kind.attributeName(hookId));
        }
    }

    /** The admin behind this console request, if Keycloak knows one. */
    private static String adminId(KeycloakSession session) {
        var auth = session.getContext().getAuthenticationSession();
        var user = session.getContext().getUser();
        return user != null ? user.getId() : auth == null || auth.getAuthenticatedUser() == null ? null
                : auth.getAuthenticatedUser().getId();
    }
}
