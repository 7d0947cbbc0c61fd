package io.keycloakhooks.runtime;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.keycloakhooks.config.Endpoint;
import io.keycloakhooks.config.HookConfig;
import io.keycloakhooks.runtime.RealmSecrets.SecretUnavailableException;
import io.keycloakhooks.transport.HookHttpClient;
import io.keycloakhooks.transport.HookRequest;
import io.keycloakhooks.transport.HookResponse;
import io.keycloakhooks.transport.SignedRequests;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Sends one signed request for one hook of a realm: secrets and header vault references resolved at call time. */
public final class HookCaller {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String issuer;
    private final Clock clock;

    public HookCaller(KeycloakSession session, RealmModel realm, String issuer, Clock clock) {
        this.session = session;
        this.realm = realm;
        this.issuer = issuer;
        this.clock = clock;
    }

    public HookResponse call(HookConfig hook, String messageId, byte[] body) {
        Endpoint endpoint = hook.endpoint();
        RealmSecrets secrets = new RealmSecrets(session, realm);
        Optional<String> secret;
        Map<String, String> headers = new LinkedHashMap<>();
        try {
            secret = secrets.resolve(hook.kind().attributeName(hook.id()), endpoint.secret());
            for (Map.Entry<String, String> header : endpoint.headers().entrySet()) {
                headers.put(header.getKey(), secrets.resolveValue(header.getValue()));
            }
        } catch (SecretUnavailableException e) {
            return HookResponse.failed(e.getMessage(), 0);
        }
        HookRequest request = SignedRequests.build(endpoint.url(), endpoint.timeout(), headers, secret.orElse(null),
                messageId, body, issuer, clock);
        HookHttpClient http = session.getProvider(HooksRuntime.class).http();
        return http.post(request);
    }
}
