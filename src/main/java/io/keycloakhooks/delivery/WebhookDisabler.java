package io.keycloakhooks.delivery;

import io.keycloakhooks.config.HookKind;
import io.keycloakhooks.config.HookParser;
import io.keycloakhooks.config.HookRef;
import io.keycloakhooks.config.ParseResult;
import io.keycloakhooks.store.HookStore;
import io.keycloakhooks.store.HookValues;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Turns a webhook off through the hook store (source {@code system}), recording why in {@code disabledReason},
 * which the admin API and console show and which an admin's re-enable clears.
 */
final class WebhookDisabler {

    private static final Logger LOG = Logger.getLogger(WebhookDisabler.class);

    private WebhookDisabler() {
    }

    static void disable(KeycloakSession session, String realmId, String webhookId, String reason) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        HookRef ref = new HookRef(HookKind.WEBHOOK, webhookId);
        HookStore store = HookStore.of(session, realm);
        HookStore.State current = store.state(ref);
        if (current.value() == null) {
            return;
        }
        ParseResult parsed = HookParser.parse(ref, current.value());
        if (!parsed.valid() || !parsed.config().enabled()) {
            return;
        }
        String disabled = HookValues.disabled(current.value(), reason);
        store.put(ref, disabled, current, HookStore.Writer.system());
        LOG.warnf("realm %s: webhook %s disabled: %s", realm.getName(), webhookId, reason);
    }
}
