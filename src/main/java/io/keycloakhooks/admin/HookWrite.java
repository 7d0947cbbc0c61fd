package io.keycloakhooks.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.Endpoint;
import io.keycloakhooks.config.HookConfig;
import io.keycloakhooks.config.HookJson;
import io.keycloakhooks.config.HookParser;
import io.keycloakhooks.config.HookRef;
import io.keycloakhooks.config.ParseResult;
import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.config.Secrets;
import io.keycloakhooks.config.WebhookConfig;
import io.keycloakhooks.transport.DestinationPolicy;
import io.keycloakhooks.transport.DestinationRefusedException;

/**
 * Turns a create or replace request into the realm attribute to store: the mask keeps the stored secret, a
 * create without secret gets a generated one, the input is validated as the runtime will parse it, the URL is
 * checked against the destination policy, and a new secret is stored in its protected form.
 */
final class HookWrite {

    /** Fields of the API representation that are computed, never input. */
    private static final List<String> READ_ONLY_FIELDS = List.of("id", "valid", "errors", "warnings", "signed");

    /** What to store, and what to tell the admin once. */
    record Prepared(HookConfig stored, String attributeValue, String generatedSecret, List<String> warnings) {
    }

    private HookWrite() {
    }

    static Prepared prepare(HookRef ref, JsonNode body, Optional<HookConfig> existing, SecretProtector secrets,
            DestinationPolicy policy) throws InvalidHookException {
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
        } else if ((secret == null || secret.isNull()) && existing.isEmpty()) {
            generated = Secrets.generate();
            input.put("secret", generated);
        } else if (secret == null || secret.isNull()) {
            input.remove("secret");
            warnings.add("secret: none set, so requests to this hook are not signed");
        }

        ParseResult parsed = HookParser.parse(ref, input.toString());
        if (!parsed.valid()) {
            throw new InvalidHookException(parsed.errors());
        }
        HookConfig config = parsed.config();
        try {
            policy.checkUrl(config.endpoint().url());
        } catch (DestinationRefusedException e) {
            throw new InvalidHookException("url", e.getMessage());
        }
        HookConfig stored = withSecret(config, secrets.protect(config.endpoint().secret()));
        return new Prepared(stored, HookJson.toAttributeValue(stored), generated, warnings);
    }

    private static HookConfig withSecret(HookConfig config, String secret) {
        Endpoint e = config.endpoint();
        Endpoint endpoint = new Endpoint(e.url(), secret, e.headers(), e.timeout());
        return switch (config) {
            case WebhookConfig w -> new WebhookConfig(w.id(), endpoint, w.events(), w.enabled(), w.name(), w.description());
            case PrehookConfig p -> new PrehookConfig(p.id(), p.trigger(), endpoint, p.enabled(), p.name(), p.description(),
                    p.failMode(), p.order(), p.cacheTtlSeconds());
        };
    }

    /** Stores a secret the admin wrote in its protected form (see RealmSecrets). */
    @FunctionalInterface
    interface SecretProtector {
        String protect(String secret);
    }
}
