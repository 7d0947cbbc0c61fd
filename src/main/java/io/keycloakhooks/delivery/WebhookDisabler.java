package io.keycloakhooks.delivery;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.admin.console.HookComponents;
import io.keycloakhooks.config.HookKind;
import io.keycloakhooks.config.HookRef;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Turns a webhook off in its realm attribute, recording why in {@code disabledReason} (an extra field that the
 * config model ignores and the admin API shows); the rest of the attribute is kept as it was.
 */
final class WebhookDisabler {

    static final String REASON_FIELD = "disabledReason";

    private static final Logger LOG = Logger.getLogger(WebhookDisabler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookDisabler() {
    }

    static void disable(KeycloakSession session, String realmId, String webhookId, String reason) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        String attribute = new HookRef(HookKind.WEBHOOK, webhookId).attributeName();
        String value = realm.getAttribute(attribute);
        if (value == null) {
            return;
        }
        try {
            JsonNode node = JSON.readTree(value);
            if (!(node instanceof ObjectNode config) || !config.path("enabled").asBoolean(true)) {
                return;
            }
            config.put("enabled", false).put(REASON_FIELD, reason);
            realm.setAttribute(attribute, JSON.writeValueAsString(config));
            HookComponents.sync(session, realm);
            LOG.warnf("realm %s: webhook %s disabled: %s", realm.getName(), webhookId, reason);
        } catch (IOException e) {
            LOG.warnf("realm %s: webhook %s could not be disabled, its attribute is not JSON", realm.getName(), webhookId);
        }
    }
}
