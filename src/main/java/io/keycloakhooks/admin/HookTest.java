package io.keycloakhooks.admin;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

import io.keycloakhooks.runtime.HooksRuntime;
import io.keycloakhooks.config.HookConfig;
import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.config.WebhookConfig;
import io.keycloakhooks.prehook.PrehookCall;
import io.keycloakhooks.prehook.PrehookDecision;
import io.keycloakhooks.prehook.SampleRequests;
import io.keycloakhooks.call.HookCaller;
import io.keycloakhooks.transport.HookResponse;
import io.keycloakhooks.webhook.TestMessage;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;

/**
 * The test call of the admin API's test action and of the console's verify-on-save: a webhook gets
 * {@code webhook.test}, a prehook a sample request for its trigger.
 */
public final class HookTest {

    private HookTest() {
    }

    /**
     * What one test call gave. {@code prehookCall} is set for prehooks only; {@code body} is the request body exactly
     * as it was sent (in the hook's format).
     */
    public record Outcome(String messageId, HookResponse response, PrehookCall prehookCall, String body) {

        /** A webhook passes with a 2xx; a prehook with an answer that allows or denies (not a failure). */
        public boolean passed() {
            return prehookCall == null ? response.isSuccess()
                    : prehookCall.decision().outcome() != PrehookDecision.Outcome.FAILURE;
        }

        /** Why the call did not pass, for the admin: the transport error or the HTTP status; null when it passed. */
        public String failure() {
            if (passed()) {
                return null;
            }
            if (prehookCall != null && prehookCall.decision().failure() != null) {
                return prehookCall.decision().failure();
            }
            if (response.error() != null) {
                return response.error();
            }
            return "the endpoint answered HTTP " + response.status();
        }
    }

    public static Outcome run(KeycloakSession session, RealmModel realm, HookConfig hook) {
        String messageId = UUID.randomUUID().toString();
        Clock clock = Clock.systemUTC();
        String issuer = Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
        byte[] body = switch (hook) {
            case WebhookConfig webhook -> TestMessage.envelope(messageId, realm, webhook, clock, issuer);
            case PrehookConfig prehook -> SampleRequests.envelope(messageId, prehook.trigger(), prehook.format(),
                    realm.getId(), realm.getName(), clock);
        };
        HooksRuntime runtime = session.getProvider(HooksRuntime.class);
        HookResponse response = new HookCaller(session, realm, issuer, clock,
                hook instanceof PrehookConfig ? runtime.login() : runtime.webhook()).call(hook, messageId, body);
        PrehookCall call = hook instanceof PrehookConfig prehook ? PrehookCall.of(prehook, response) : null;
        return new Outcome(messageId, response, call, new String(body, StandardCharsets.UTF_8));
    }
}
