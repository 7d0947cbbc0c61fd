package io.keycloakhooks.call;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.keycloakhooks.config.CredentialMasks;
import io.keycloakhooks.config.Endpoint;
import io.keycloakhooks.config.Format;
import io.keycloakhooks.config.HookConfig;
import io.keycloakhooks.secrets.RealmSecrets.SecretUnavailableException;
import io.keycloakhooks.secrets.RealmSecrets;
import io.keycloakhooks.transport.HookRequest;
import io.keycloakhooks.transport.HookResponse;
import io.keycloakhooks.transport.SignedRequests;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Sends signed requests for hooks of a realm through a lane's {@link CallChannel} (the realm's permits of that
 * lane). {@link #prepare} resolves the stored credentials (secret, header
 * values, URL: vault references and encrypted values) with the session (on the session's thread); the prepared call can then be sent from any thread.
 */
public final class HookCaller {

    /** CloudEvents' structured JSON mode. */
    static final String CLOUDEVENTS_JSON = "application/cloudevents+json; charset=utf-8";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String issuer;
    private final Clock clock;
    private final String realmId;
    private final CallChannel channel;
    /** By hook identity: a caller sees few hooks, and hashing a hook's whole configuration costs more than a scan. */
    private final Map<HookConfig, Credentials> resolved = new IdentityHashMap<>(4);

    public HookCaller(KeycloakSession session, RealmModel realm, String issuer, Clock clock, CallChannel channel) {
        this.session = session;
        this.realm = realm;
        this.realmId = realm.getId();
        this.issuer = issuer;
        this.clock = clock;
        this.channel = channel;
    }

    /** Prepares and sends one call now. */
    public HookResponse call(HookConfig hook, String messageId, byte[] body) {
        return prepare(hook, messageId, body).send();
    }

    /**
     * Never throws: a secret or header that cannot be resolved, or a resolved secret that cannot sign, makes a call
     * that fails at once with the reason (never the secret), so one broken hook cannot break its caller.
     */
    public PreparedCall prepare(HookConfig hook, String messageId, byte[] body) {
        Endpoint endpoint = hook.endpoint();
        try {
            Credentials credentials = credentials(hook);
            HookRequest request = SignedRequests.build(credentials.url(), endpoint.timeout(), credentials.headers(),
                    credentials.secret(), messageId, body, issuer, clock, contentType(hook.format()),
                    hook.format() == Format.HELLOJOHN);
            return () -> channel.post(realmId, request);
        } catch (SecretUnavailableException e) {
            return failing(e.getMessage());
        } catch (IllegalArgumentException e) {
            // the project's own signing and parsing code words these without quoting the secret
            return failing("the request could not be signed: " + e.getMessage());
        } catch (RuntimeException e) {
            return failing("the request could not be built (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The body's media type for the hook's format (docs/formats.md). */
    static String contentType(Format format) {
        return format == Format.CLOUDEVENTS ? CLOUDEVENTS_JSON : HookRequest.JSON_UTF8;
    }

    private static PreparedCall failing(String reason) {
        HookResponse failed = HookResponse.failed(reason, 0);
        return () -> failed;
    }

    /** The hook's secret and headers with vault references resolved; once per hook for this caller's lifetime. */
    private Credentials credentials(HookConfig hook) throws SecretUnavailableException {
        Credentials known = resolved.get(hook);
        if (known != null) {
            return known;
        }
        Endpoint endpoint = hook.endpoint();
        RealmSecrets secrets = new RealmSecrets(session, realm);
        Optional<String> secret = secrets.resolve(hook.ref().attributeName(), endpoint.secret());
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : endpoint.headers().entrySet()) {
            headers.put(header.getKey(), secrets.resolveValue(header.getValue()));
        }
        Credentials credentials = new Credentials(url(endpoint, secrets), secret.orElse(null), headers);
        resolved.put(hook, credentials);
        return credentials;
    }

    /** The URL to call: read from the vault for a vault reference, else with its query values decrypted. */
    private static URI url(Endpoint endpoint, RealmSecrets secrets) throws SecretUnavailableException {
        String reference = endpoint.urlReference();
        if (reference == null) {
            return CredentialMasks.mapQueryValues(endpoint.url(), secrets::resolveValue);
        }
        String text = secrets.resolveValue(reference);
        try {
            URI url = new URI(text.strip());
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && url.getHost() != null && url.getRawUserInfo() == null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below, without the URL (it is a secret)
        }
        throw new SecretUnavailableException("the vault entry " + reference + " is not an absolute http(s) URL with a host");
    }

    private record Credentials(URI url, String secret, Map<String, String> headers) {
    }

    /** A signed request ready to go; sending is thread-safe and never throws for network failures. */
    @FunctionalInterface
    public interface PreparedCall {
        HookResponse send();
    }
}
