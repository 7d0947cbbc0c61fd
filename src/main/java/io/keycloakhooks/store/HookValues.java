package io.keycloakhooks.store;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.CredentialMasks;
import io.keycloakhooks.config.Endpoint;
import io.keycloakhooks.config.HookJson;
import io.keycloakhooks.config.HookParser;
import io.keycloakhooks.config.HookRef;
import io.keycloakhooks.config.ParseResult;

/**
 * The fields of a stored hook value that the store itself owns ({@code revision}, {@code disabledReason}), and
 * whether two values are the same hook. Values that are not JSON objects are handled as opaque text.
 */
public final class HookValues {

    public static final String REVISION = "revision";
    public static final String DISABLED_REASON = "disabledReason";

    private static final ObjectMapper JSON = new ObjectMapper();

    private HookValues() {
    }

    /** The revision a value carries, or null when it carries none (config as code, import). */
    public static Long revision(String value) {
        JsonNode node = object(value);
        JsonNode revision = node == null ? null : node.get(REVISION);
        return revision != null && revision.canConvertToLong() && revision.isIntegralNumber() ? revision.asLong() : null;
    }

    public static String disabledReason(String value) {
        JsonNode node = object(value);
        JsonNode reason = node == null ? null : node.get(DISABLED_REASON);
        return reason == null || reason.isNull() ? null : reason.asText();
    }

    /** Adds what the store keeps beside the configuration: the revision (0 before revisions) and why it was disabled. */
    public static ObjectNode putStoreFields(ObjectNode representation, String value) {
        Long revision = revision(value);
        representation.put(REVISION, revision == null ? 0 : revision);
        String reason = disabledReason(value);
        if (reason != null) {
            representation.put(DISABLED_REASON, reason);
        }
        return representation;
    }

    /** Whether a value is a JSON object that says {@code "enabled": false}. */
    static boolean disabled(String value) {
        JsonNode node = object(value);
        JsonNode enabled = node == null ? null : node.get("enabled");
        return enabled != null && enabled.isBoolean() && !enabled.asBoolean();
    }

    static String withRevision(String value, long revision) {
        ObjectNode node = object(value);
        return node == null ? value : node.put(REVISION, revision).toString();
    }

    static String withoutRevision(String value) {
        ObjectNode node = object(value);
        if (node == null) {
            return value;
        }
        node.remove(REVISION);
        return node.toString();
    }

    /** {@code value} turned off, recording why. */
    public static String disabled(String value, String reason) {
        ObjectNode node = object(value);
        return node == null ? value : node.put("enabled", false).put(DISABLED_REASON, reason).toString();
    }

    /** {@code value} with {@code disabledReason} set (or removed when null). */
    public static String withDisabledReason(String value, String reason) {
        ObjectNode node = object(value);
        if (node == null) {
            return value;
        }
        if (reason == null) {
            node.remove(DISABLED_REASON);
        } else {
            node.put(DISABLED_REASON, reason);
        }
        return node.toString();
    }

    /**
     * Whether two values configure the same hook, ignoring {@code revision} and how secrets are stored: valid values
     * are compared as the configuration they give (defaults filled in) with their credentials in plain form.
     */
    static boolean same(HookRef ref, String a, String b, UnaryOperator<String> plainSecret) {
        if (a == null || b == null) {
            return a == b;
        }
        ParseResult pa = HookParser.parse(ref, a);
        ParseResult pb = HookParser.parse(ref, b);
        if (pa.valid() && pb.valid()) {
            return canonical(pa, a, plainSecret).equals(canonical(pb, b, plainSecret));
        }
        JsonNode na = object(withoutRevision(a));
        JsonNode nb = object(withoutRevision(b));
        return na == null || nb == null ? a.equals(b) : na.equals(nb);
    }

    private static JsonNode canonical(ParseResult parsed, String raw, UnaryOperator<String> plainSecret) {
        Endpoint endpoint = parsed.config().endpoint();
        Map<String, String> headers = new LinkedHashMap<>();
        endpoint.headers().forEach((name, value) -> headers.put(name, plainSecret.apply(value)));
        URI url = CredentialMasks.mapQueryValues(endpoint.url(), plainSecret::apply);
        String secret = endpoint.secret() == null ? null : plainSecret.apply(endpoint.secret());
        ObjectNode node = object(HookJson.toAttributeValue(parsed.config().withEndpoint(
                new Endpoint(url, secret, headers, endpoint.timeout()))));
        String reason = disabledReason(raw);
        if (reason != null) {
            node.put(DISABLED_REASON, reason);
        }
        return node;
    }

    private static ObjectNode object(String value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(value);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }
}
