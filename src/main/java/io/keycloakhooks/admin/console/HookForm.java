package io.keycloakhooks.admin.console;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.CredentialMasks;
import io.keycloakhooks.config.HookKind;
import io.keycloakhooks.config.Secrets;

/**
 * The admin console form of a hook: the config of its page component (every value a list of strings, as
 * components store them) mapped to the JSON the admin API takes, and a hook's JSON mapped back to the config the
 * page shows. The component never holds a secret: a hook with one shows the mask.
 */
public final class HookForm {

    public static final String HOOK_ID = "hookId";
    public static final String NAME = "name";
    public static final String DESCRIPTION = "description";
    public static final String URL = "url";
    public static final String EVENTS = "events";
    public static final String TRIGGER = "trigger";
    public static final String ENABLED = "enabled";
    public static final String SECRET = "secret";
    public static final String TIMEOUT_MS = "timeoutMs";
    public static final String FAIL_MODE = "failMode";
    public static final String ORDER = "order";
    public static final String CACHE_TTL_SECONDS = "cacheTtlSeconds";
    public static final String HEADERS = "headers";
    /** The body's shape (docs/formats.md). */
    public static final String FORMAT = "format";
    /** Webhooks: full or thin data (docs/formats.md#thin-payloads). */
    public static final String PAYLOAD = "payload";
    /** The hook's revision when the page was loaded: a save on an older one is refused. */
    public static final String REVISION = "revision";
    /** Prehooks: where the trigger's step runs and where not (shown, never input; docs/configuration.md). */
    public static final String COVERAGE = "coverage";
    /** Why the server disabled the hook (shown, never input). */
    public static final String DISABLED_REASON = "disabledReason";
    /** The opt-out of verify-on-save; never stored. */
    public static final String SKIP_VERIFY = "skipVerify";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TEXT_FIELDS = List.of(NAME, DESCRIPTION, URL, SECRET, FORMAT);
    private static final List<String> PREHOOK_TEXT_FIELDS = List.of(TRIGGER, FAIL_MODE);
    private static final List<String> WEBHOOK_INTEGER_FIELDS = List.of(TIMEOUT_MS);
    private static final List<String> PREHOOK_INTEGER_FIELDS = List.of(TIMEOUT_MS, ORDER, CACHE_TTL_SECONDS);

    private HookForm() {
    }

    /** The hook id the form names, or null when it is blank. */
    public static String hookId(Map<String, List<String>> config) {
        String id = first(config, HOOK_ID);
        return id == null || id.isBlank() ? null : id.trim();
    }

    /** The revision the form was loaded at, or null when it carries none. */
    public static Long revision(Map<String, List<String>> config) {
        String revision = first(config, REVISION);
        try {
            return revision == null || revision.isBlank() ? null : Long.valueOf(revision.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether the admin switched off the test call for this save. */
    public static boolean skipVerify(Map<String, List<String>> config) {
        return "true".equals(first(config, SKIP_VERIFY));
    }

    /**
     * The admin API input for the form: only the hook's fields (keys the console adds, such as {@code realm} or
     * {@code providerId}, are ignored). Values the parser must reject (a non-numeric timeout, headers that are not
     * key/value pairs) are passed on as text, so the error names the field.
     */
    public static ObjectNode toInput(HookKind kind, Map<String, List<String>> config) {
        ObjectNode input = JSON.createObjectNode();
        for (String field : TEXT_FIELDS) {
            putText(input, config, field);
        }
        if (kind == HookKind.WEBHOOK) {
            putText(input, config, PAYLOAD);
            List<String> events = config.get(EVENTS);
            if (events != null && !events.isEmpty()) {
                ArrayNode array = input.putArray(EVENTS);
                events.stream().filter(e -> e != null && !e.isBlank()).map(String::trim).forEach(array::add);
            }
        } else {
            PREHOOK_TEXT_FIELDS.forEach(field -> putText(input, config, field));
        }
        String enabled = first(config, ENABLED);
        if (enabled != null && !enabled.isBlank()) {
            if (enabled.equals("true") || enabled.equals("false")) {
                input.put(ENABLED, Boolean.parseBoolean(enabled));
            } else {
                input.put(ENABLED, enabled);
            }
        }
        for (String field : kind == HookKind.WEBHOOK ? WEBHOOK_INTEGER_FIELDS : PREHOOK_INTEGER_FIELDS) {
            String value = first(config, field);
            if (value == null || value.isBlank()) {
                continue;
            }
            try {
                input.put(field, Integer.parseInt(value.trim()));
            } catch (NumberFormatException e) {
                input.put(field, value);
            }
        }
        String headers = first(config, HEADERS);
        if (headers != null && !headers.isBlank()) {
            input.set(HEADERS, headers(headers));
        }
        return input;
    }

    /**
     * The page config of a hook from its JSON: the admin API representation for a valid hook (defaults filled in),
     * or the raw attribute value of an invalid one (whatever fields it has). A secret, in any form, shows as the
     * mask.
     */
    public static Map<String, List<String>> toConfig(HookKind kind, String id, JsonNode hook) {
        Map<String, List<String>> config = new LinkedHashMap<>();
        config.put(HOOK_ID, List.of(id));
        if (hook == null || !hook.isObject()) {
            return config;
        }
        List<String> fields = new ArrayList<>(List.of(NAME, DESCRIPTION, URL));
        if (kind == HookKind.PREHOOK) {
            fields.add(TRIGGER);
        }
        fields.addAll(List.of(ENABLED, TIMEOUT_MS, REVISION, DISABLED_REASON, FORMAT));
        if (kind == HookKind.WEBHOOK) {
            fields.add(PAYLOAD);
        }
        if (kind == HookKind.PREHOOK) {
            fields.addAll(List.of(FAIL_MODE, ORDER, CACHE_TTL_SECONDS));
        }
        for (String field : fields) {
            JsonNode value = hook.get(field);
            if (value != null && value.isValueNode() && !value.isNull() && !value.asText().isEmpty()) {
                config.put(field, List.of(field.equals(URL) ? maskedUrl(value.asText()) : value.asText()));
            }
        }
        JsonNode events = hook.get(EVENTS);
        if (kind == HookKind.WEBHOOK && events != null && events.isArray() && !events.isEmpty()) {
            List<String> list = new ArrayList<>();
            events.forEach(e -> list.add(e.asText()));
            config.put(EVENTS, List.copyOf(list));
        }
        JsonNode secret = hook.get(SECRET);
        if (secret != null && !secret.isNull() && !secret.asText().isEmpty()) {
            config.put(SECRET, List.of(Secrets.MASK));
        }
        JsonNode headers = hook.get(HEADERS);
        if (headers != null && headers.isObject() && !headers.isEmpty()) {
            ArrayNode pairs = JSON.createArrayNode();
            // a valid hook's representation has the values masked already; an invalid hook's raw value does not
            headers.properties().forEach(h -> pairs.addObject().put("key", h.getKey()).put("value", Secrets.MASK));
            config.put(HEADERS, List.of(pairs.toString()));
        }
        return config;
    }

    /** An invalid hook's raw URL shows masked like a valid one's; one that cannot be read shows as the mask. */
    private static String maskedUrl(String url) {
        try {
            return CredentialMasks.maskUrl(new java.net.URI(url));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return url.contains("?") || url.contains("@") ? Secrets.MASK : url;
        }
    }

    /** The console's key/value editor stores {@code [{"key": …, "value": …}, …]}; the hook wants an object. */
    private static JsonNode headers(String value) {
        try {
            JsonNode pairs = JSON.readTree(value);
            if (pairs != null && pairs.isArray()) {
                ObjectNode headers = JSON.createObjectNode();
                for (JsonNode pair : pairs) {
                    String key = pair.path("key").asText("");
                    if (!key.isBlank()) {
                        JsonNode header = pair.get("value");
                        headers.set(key.trim(), header == null ? JSON.getNodeFactory().textNode("") : header);
                    }
                }
                return headers;
            }
            if (pairs != null && pairs.isObject()) {
                return pairs;
            }
        } catch (IOException e) {
            // passed on as text: the parser reports that headers must be an object
        }
        return JSON.getNodeFactory().textNode(value);
    }

    private static void putText(ObjectNode input, Map<String, List<String>> config, String field) {
        String value = first(config, field);
        if (value != null && !field.equals(SECRET)) {
            value = value.trim();
        }
        if (value != null && !value.isEmpty()) {
            input.put(field, value);
        }
    }

    private static String first(Map<String, List<String>> config, String key) {
        List<String> values = config.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
