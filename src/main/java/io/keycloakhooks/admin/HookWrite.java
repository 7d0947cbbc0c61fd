package io.keycloakhooks.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.CredentialMasks;
import io.keycloakhooks.config.HookConfig;
import io.keycloakhooks.config.HookJson;
import io.keycloakhooks.config.HookKind;
import io.keycloakhooks.config.HookParser;
import io.keycloakhooks.config.HookRef;
import io.keycloakhooks.config.ParseResult;
import io.keycloakhooks.config.Secrets;
import io.keycloakhooks.secrets.RealmSecrets;
import io.keycloakhooks.transport.DestinationPolicy;
import io.keycloakhooks.transport.DestinationRefusedException;

/**
 * Turns a create or replace request into the realm attribute to store: the mask keeps the stored secret, a
 * create without secret gets a generated one, the input is validated as the runtime will parse it, the URL is
 * checked against the destination policy, and a new secret is stored in its protected form.
 */
public final class HookWrite {

    /** Fields of the API representation that are computed, never input. */
    public static final List<String> READ_ONLY_FIELDS = List.of("id", "valid", "errors", "warnings", "signed", "revision",
            "disabledReason");

    /** What to store, and what to tell the admin once. */
    public record Prepared(HookConfig stored, String attributeValue, String generatedSecret, List<String> warnings) {
    }

    private HookWrite() {
    }

    /** The admin API's write: a create without secret gets a generated one, returned once. */
    static Prepared prepare(HookRef ref, JsonNode body, Optional<HookConfig> existing, SecretProtector secrets,
            DestinationPolicy policy) throws InvalidHookException {
        return prepare(ref, body, existing, secrets, policy, true);
    }

    /**
     * @param generateMissingSecret whether a create without secret gets a generated one; the admin console has no
     *        way to show it once, so there a hook created without secret is unsigned
     */
    public static Prepared prepare(HookRef ref, JsonNode body, Optional<HookConfig> existing, SecretProtector secrets,
            DestinationPolicy policy, boolean generateMissingSecret) throws InvalidHookException {
        if (body == null || !body.isObject()) {
            throw new InvalidHookException("body", "must be a JSON object");
        }
        ObjectNode input = ((ObjectNode) body).deepCopy();
        READ_ONLY_FIELDS.forEach(input::remove);

        String generated = null;
        List<String> warnings = new ArrayList<>();
        JsonNode secret = input.get("secret");
        if (secret != null && Secrets.MASK.equals(secret.asText())) {
            String stored = existing.map(h -> h.endpoint().secret()).orElse(null);
            if (stored == null) {
                throw new InvalidHookException("secret", "'" + Secrets.MASK + "' keeps the stored secret, but this hook has none");
            }
            input.put("secret", stored);
        } else if ((secret == null || secret.isNull()) && existing.isEmpty() && generateMissingSecret) {
            generated = Secrets.generate();
            input.put("secret", generated);
        } else if (secret == null || secret.isNull()) {
            input.remove("secret");
            warnings.add("secret: none set, so requests to this hook are not signed");
        }

        unmaskCredentials(input, existing);

        JsonNode written = input.get("secret");
        if (written != null && written.isTextual() && Secrets.isEncrypted(written.asText())
                && (secret == null || !Secrets.MASK.equals(secret.asText())) && !secrets.decrypts(written.asText())) {
            throw new InvalidHookException("secret", "looks encrypted but does not decrypt with this realm's keys"
                    + " (only the server writes encrypted values: write the plain secret or a ${vault.<key>} reference)");
        }
        JsonNode headers = input.get("headers");
        if (headers != null && headers.isObject()) {
            for (Map.Entry<String, JsonNode> header : headers.properties()) {
                String value = header.getValue().asText();
                boolean kept = existing.isPresent() && value.equals(
                        CredentialMasks.storedHeader(header.getKey(), existing.get().endpoint().headers()));
                if (!kept && !secrets.decrypts(value)) {
                    throw new InvalidHookException("headers." + header.getKey(), "looks encrypted but does not decrypt"
                            + " with this realm's keys (only the server writes encrypted values)");
                }
            }
        }
        ParseResult parsed = HookParser.parse(ref, input.toString());
        if (!parsed.valid()) {
            throw new InvalidHookException(parsed.errors());
        }
        HookConfig config = parsed.config();
        try {
            if (config.endpoint().urlReference() == null) { // a vault URL is checked when it is read, at call time
                policy.checkUrl(config.endpoint().url());
            }
        } catch (DestinationRefusedException e) {
            throw new InvalidHookException("url", e.getMessage());
        }
        HookConfig stored = config.withSecret(secrets.protect(config.endpoint().secret()));
        return new Prepared(stored, HookJson.toAttributeValue(stored), generated, warnings);
    }

    /**
     * Masked header values and URL credentials stand for the stored ones, but only while the URL keeps its scheme,
     * host and port: a stored credential never follows a URL to another host.
     */
    private static void unmaskCredentials(ObjectNode input, Optional<HookConfig> existing) throws InvalidHookException {
        Optional<java.net.URI> storedUrl = existing.map(h -> h.endpoint().url());
        JsonNode url = input.get("url");
        boolean sameOrigin = false;
        if (url != null && url.isTextual()) {
            CredentialMasks.Result unmasked = CredentialMasks.unmaskUrl(url.asText(), storedUrl);
            if (unmasked.error() != null) {
                throw new InvalidHookException("url", unmasked.error());
            }
            input.put("url", unmasked.url());
            try {
                sameOrigin = storedUrl.isPresent()
                        && CredentialMasks.sameOrigin(new java.net.URI(unmasked.url()), storedUrl.get());
            } catch (java.net.URISyntaxException e) {
                sameOrigin = false; // the parser reports the URL
            }
        }
        JsonNode headers = input.get("headers");
        if (headers != null && headers.isObject()) {
            ObjectNode restored = ((ObjectNode) headers).deepCopy();
            for (Map.Entry<String, JsonNode> header : headers.properties()) {
                if (!Secrets.MASK.equals(header.getValue().asText())) {
                    continue;
                }
                String stored = sameOrigin
                        ? CredentialMasks.storedHeader(header.getKey(), existing.get().endpoint().headers()) : null;
                if (stored == null) {
                    throw new InvalidHookException("headers." + header.getKey(), sameOrigin
                            ? "'" + Secrets.MASK + "' keeps the stored value, but this hook has no such header"
                            : "'" + Secrets.MASK + "' keeps a stored value only while the URL's scheme, host and port"
                                    + " stay the same: write the value again");
                }
                restored.put(header.getKey(), stored);
            }
            input.set("headers", restored);
        }
    }

    /** An id for a hook created without one: {@code webhook-} or {@code prehook-} and 8 random hex digits. */
    public static String generatedId(HookKind kind) {
        String label = kind == HookKind.WEBHOOK ? "webhook" : "prehook";
        return label + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Stores a secret the admin wrote in its protected form (see RealmSecrets). */
    public interface SecretProtector {
        String protect(String secret);

        /** Whether a value that looks encrypted decrypts with the realm's keys. */
        boolean decrypts(String value);

        static SecretProtector of(RealmSecrets secrets) {
            return new SecretProtector() {
                @Override
                public String protect(String secret) {
                    return secrets.protect(secret);
                }

                @Override
                public boolean decrypts(String value) {
                    return secrets.decrypts(value);
                }
            };
        }
    }
}
