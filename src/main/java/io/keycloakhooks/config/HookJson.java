package io.keycloakhooks.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A hook as JSON: the realm attribute value it is stored as, and the admin API representation. */
public final class HookJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HookJson() {
    }

    /**
     * The attribute value: every field explicit (defaults too, so the stored value does not change meaning if a
     * default ever does), the secret in its stored form. {@link HookParser#parse} gives the same config back.
     */
    public static String toAttributeValue(HookConfig config) {
        ObjectNode node = fields(config);
        if (config.endpoint().secret() != null) {
            node.put("secret", config.endpoint().secret());
        }
        return node.toString();
    }

    /**
     * The API representation: {@code id}, every field, the secret, header values and URL credentials masked
     * ({@link CredentialMasks}), and whether requests are signed.
     */
    public static ObjectNode toRepresentation(HookConfig config) {
        ObjectNode node = JSON.createObjectNode().put("id", config.id());
        node.setAll(fields(config));
        node.put("url", CredentialMasks.maskUrl(config.endpoint()));
        if (node.has("headers")) {
            ObjectNode headers = node.putObject("headers");
            CredentialMasks.maskHeaders(config.endpoint().headers()).forEach(headers::put);
        }
        boolean signed = config.endpoint().secret() != null;
        if (signed) {
            node.put("secret", Secrets.MASK);
        }
        node.put("signed", signed);
        return node;
    }

    private static ObjectNode fields(HookConfig config) {
        ObjectNode node = JSON.createObjectNode();
        if (config instanceof PrehookConfig prehook) {
            node.put("trigger", prehook.trigger().value());
        }
        node.put("url", config.endpoint().urlText());
        if (config instanceof WebhookConfig webhook) {
            webhook.events().forEach(node.putArray("events")::add);
        }
        node.put("enabled", config.enabled());
        if (config.name() != null) {
            node.put("name", config.name());
        }
        if (config.description() != null) {
            node.put("description", config.description());
        }
        if (!config.endpoint().headers().isEmpty()) {
            ObjectNode headers = node.putObject("headers");
            config.endpoint().headers().forEach(headers::put);
        }
        node.put("timeoutMs", (int) config.endpoint().timeout().toMillis());
        node.put("format", config.format().value());
        if (config instanceof WebhookConfig webhook) {
            node.put("payload", webhook.payload().value());
        }
        if (config instanceof PrehookConfig prehook) {
            node.put("failMode", prehook.failMode().value())
                    .put("order", prehook.order())
                    .put("cacheTtlSeconds", prehook.cacheTtlSeconds());
        }
        return node;
    }
}
