package io.keycloakhooks.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Parses and validates one hook attribute value (SPEC §2), collecting every error, each naming its field. */
public final class HookParser {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern ID = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** No CR, LF or other control characters (tab allowed): a value must not smuggle in more headers. */
    private static final Pattern HEADER_VALUE = Pattern.compile("[^\\x00-\\x08\\x0A-\\x1F\\x7F]*");
    private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length", "host", "user-agent",
            "webhook-id", "webhook-timestamp", "webhook-signature", "x-webhook-secret", "x-hook-signature");
    static final int MIN_SECRET_LENGTH = 32;
    static final int MAX_CACHE_TTL_SECONDS = 86_400;

    private HookParser() {
    }

    public static ParseResult parse(HookRef ref, String json) {
        Fields f = new Fields();
        if (!ID.matcher(ref.id()).matches()) {
            f.error("id", "must be 1-64 characters of a-z 0-9 _ -");
        }
        JsonNode node;
        try {
            node = json == null ? null : JSON.readTree(json);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            f.error("value", "must be a JSON object");
            return new ParseResult(ref, json, null, f.errors);
        }
        f.node = node;
        HookConfig config = ref.kind() == HookKind.WEBHOOK ? webhook(ref.id(), f) : prehook(ref.id(), f);
        return new ParseResult(ref, json, f.errors.isEmpty() ? config : null, f.errors);
    }

    private static WebhookConfig webhook(String id, Fields f) {
        Endpoint endpoint = endpoint(f, 1000, 30000, 10000);
        List<String> events = events(f);
        return new WebhookConfig(id, endpoint, events, f.bool("enabled", true), f.text("name", 200),
                f.text("description", 2000));
    }

    private static PrehookConfig prehook(String id, Fields f) {
        Trigger trigger = null;
        String triggerValue = f.requiredText("trigger");
        if (triggerValue != null) {
            trigger = Trigger.fromValue(triggerValue).orElse(null);
            if (trigger == null) {
                f.error("trigger", "must be one of pre_sign_up, pre_sign_in, pre_password_reset, jwt");
            }
        }
        Endpoint endpoint = endpoint(f, 100, 10000, 5000);
        FailMode failMode = FailMode.OPEN;
        String failModeValue = f.text("failMode", 20);
        if (failModeValue != null) {
            failMode = FailMode.fromValue(failModeValue).orElse(null);
            if (failMode == null) {
                f.error("failMode", "must be open or closed");
            }
        }
        int order = f.integer("order", Integer.MIN_VALUE, Integer.MAX_VALUE, 0);
        int cacheTtl = f.integer("cacheTtlSeconds", 0, MAX_CACHE_TTL_SECONDS, 0);
        if (cacheTtl > 0 && trigger != null && trigger != Trigger.JWT) {
            f.error("cacheTtlSeconds", "applies only to trigger jwt");
        }
        return new PrehookConfig(id, trigger, endpoint, f.bool("enabled", true), f.text("name", 200),
                f.text("description", 2000), failMode, order, cacheTtl);
    }

    private static Endpoint endpoint(Fields f, int minTimeout, int maxTimeout, int defaultTimeout) {
        URI url = url(f);
        String secret = secret(f);
        Map<String, String> headers = headers(f);
        int timeout = f.integer("timeoutMs", minTimeout, maxTimeout, defaultTimeout);
        return new Endpoint(url, secret, headers, Duration.ofMillis(timeout));
    }

    private static URI url(Fields f) {
        String value = f.requiredText("url");
        if (value == null) {
            return null;
        }
        try {
            URI url = new URI(value);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!url.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null) {
                f.error("url", "must be an absolute https:// URL with a host");
            } else if (url.getRawUserInfo() != null || url.getRawFragment() != null) {
                f.error("url", "must not contain user info or a fragment");
            }
            return url;
        } catch (URISyntaxException e) {
            f.error("url", "is not a valid URL (" + e.getReason() + ")");
            return null;
        }
    }

    private static String secret(Fields f) {
        String secret = f.text("secret", Integer.MAX_VALUE);
        if (secret != null && !Secrets.isVaultReference(secret) && !Secrets.isEncrypted(secret)
                && secret.length() < MIN_SECRET_LENGTH) {
            f.error("secret", "must be at least " + MIN_SECRET_LENGTH + " characters (or a ${vault.<key>} reference)");
        }
        return secret;
    }

    private static Map<String, String> headers(Fields f) {
        JsonNode node = f.node.get("headers");
        Map<String, String> headers = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            f.error("headers", "must be an object of header names to string values");
            return headers;
        }
        node.fields().forEachRemaining(e -> {
            String name = e.getKey();
            if (!HEADER_NAME.matcher(name).matches()) {
                f.error("headers", "'" + name + "' is not a valid header name");
            } else if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                f.error("headers", "'" + name + "' is set by Keycloak Hooks and cannot be replaced");
            } else if (!e.getValue().isTextual()) {
                f.error("headers", "the value of '" + name + "' must be a string");
            } else if (!HEADER_VALUE.matcher(e.getValue().asText()).matches()) {
                f.error("headers", "the value of '" + name + "' contains control characters");
            } else {
                headers.put(name, e.getValue().asText());
            }
        });
        return headers;
    }

    private static List<String> events(Fields f) {
        JsonNode node = f.node.get("events");
        if (node == null || node.isNull()) {
            f.error("events", "is required");
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            f.error("events", "must be a non-empty array of event types");
            return List.of();
        }
        Set<String> events = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode event = node.get(i);
            String problem = event.isTextual() ? EventPatterns.problem(event.asText()) : "must be a string";
            if (problem != null) {
                f.error("events[" + i + "]", problem);
            } else {
                events.add(event.asText());
            }
        }
        return new ArrayList<>(events);
    }

    /** Typed access to the fields of one JSON object, recording an error per bad field. */
    private static final class Fields {
        private final List<FieldError> errors = new ArrayList<>();
        private JsonNode node;

        void error(String field, String message) {
            errors.add(new FieldError(field, message));
        }

        String requiredText(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
                error(field, "is required");
                return null;
            }
            return text(field, Integer.MAX_VALUE);
        }

        String text(String field, int maxLength) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                error(field, "must be a string");
                return null;
            }
            if (value.asText().length() > maxLength) {
                error(field, "must be at most " + maxLength + " characters");
            }
            return value.asText();
        }

        boolean bool(String field, boolean defaultValue) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return defaultValue;
            }
            if (!value.isBoolean()) {
                error(field, "must be true or false");
                return defaultValue;
            }
            return value.asBoolean();
        }

        int integer(String field, int min, int max, int defaultValue) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return defaultValue;
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
                error(field, min == Integer.MIN_VALUE ? "must be an integer"
                        : "must be an integer between " + min + " and " + max);
                return defaultValue;
            }
            return value.asInt();
        }
    }
}
