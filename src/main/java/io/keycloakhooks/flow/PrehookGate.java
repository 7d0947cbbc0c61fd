package io.keycloakhooks.flow;

import java.text.MessageFormat;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.Format;
import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.config.RealmHooks;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.format.PrehookBodies;
import io.keycloakhooks.prehook.Executions;
import io.keycloakhooks.prehook.PrehookCall;
import io.keycloakhooks.prehook.PrehookEnvelope;
import io.keycloakhooks.prehook.PrehookRunner;
import io.keycloakhooks.prehook.PrehookRunner.PrehookVerdict;
import io.keycloakhooks.call.HookCaller;
import io.keycloakhooks.runtime.HooksRuntime;
import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.Urls;
import org.keycloak.theme.Theme;

/** Runs a realm's enabled prehooks of one trigger for a flow step, and words a denial for the user. */
final class PrehookGate {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Trigger trigger;
    private final List<PrehookConfig> hooks;

    PrehookGate(KeycloakSession session, RealmModel realm, Trigger trigger) {
        this.session = session;
        this.realm = realm;
        this.trigger = trigger;
        this.hooks = RealmHooks.from(realm.getName(), realm.getAttributes()).enabledPrehooks(trigger);
    }

    /** True when the realm has no enabled prehook for this trigger: the step does nothing. */
    boolean idle() {
        return hooks.isEmpty();
    }

    PrehookVerdict run(ClientModel client, UserModel user, ObjectNode data) {
        Clock clock = Clock.systemUTC();
        String messageId = UUID.randomUUID().toString();
        ObjectNode context = PrehookEnvelope.context(session.getContext().getConnection().getRemoteAddr(),
                session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.USER_AGENT),
                locale(user).toLanguageTag(), client == null ? null : client.getClientId());
        Function<Format, byte[]> bodies = PrehookBodies.perFormat(trigger,
                PrehookEnvelope.build(messageId, trigger, realm.getId(), realm.getName(), context, data, clock));
        String issuer = Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
        HooksRuntime runtime = session.getProvider(HooksRuntime.class);
        HookCaller caller = new HookCaller(session, realm, issuer, clock, runtime.login());
        PrehookVerdict verdict = new PrehookRunner(runtime.calls()).run(hooks, hook -> caller.prepare(hook, messageId,
                bodies.apply(hook.format())));
        long now = clock.millis();
        verdict.calls().forEach(call -> runtime.executions().record(Executions.of(realm.getId(), trigger, data, call, now)));
        return verdict;
    }

    /**
     * The text shown to the user: the hook's message, or its {@code messageKey} when the login theme has it,
     * else the generic message for a denial or an unavailable hook, in the user's language.
     */
    String message(PrehookCall stoppedBy, UserModel user) {
        return message(stoppedBy, user, false);
    }

    /** {@link #message} for a login page: the hook's own text as plain text on every theme ({@link PageText}). */
    String pageMessage(PrehookCall stoppedBy, UserModel user) {
        return message(stoppedBy, user, true);
    }

    private String message(PrehookCall stoppedBy, UserModel user, boolean forPage) {
        String key = stoppedBy.decision().messageKey();
        String fromTheme = key == null ? null : themeMessage(key, user);
        if (fromTheme != null) {
            return fromTheme;
        }
        if (stoppedBy.decision().message() != null) {
            return forPage ? PageText.plain(stoppedBy.decision().message()) : stoppedBy.decision().message();
        }
        String fallback = themeMessage(stoppedBy.fallbackMessageKey(), user);
        return fallback != null ? fallback : stoppedBy.fallbackMessageKey();
    }

    private String themeMessage(String key, UserModel user) {
        try {
            Theme theme = session.theme().getTheme(Theme.Type.LOGIN);
            String pattern = theme.getEnhancedMessages(realm, locale(user)).getProperty(key);
            return pattern == null ? null : new MessageFormat(pattern, locale(user)).format(new Object[0]);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private Locale locale(UserModel user) {
        return session.getContext().resolveLocale(user);
    }
}
