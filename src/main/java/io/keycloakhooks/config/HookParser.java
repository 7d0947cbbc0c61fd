package io.keycloakhooks.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Parses and validates one hook attribute value (docs/configuration.md), collecting every error, each naming its field. Whether
 * the URL's destination is allowed is checked elsewhere (the destination policy).
 */
public final class HookParser {

    static final int MIN_SECRET_LENGTH = 32;
    static final int MAX_CACHE_TTL_SECONDS = 86_400;

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern ID = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Visible ASCII, spaces, tabs and non-ASCII; no CR, LF or other control characters. */
    private static final Pattern HEADER_VALUE = Pattern.compile("[^\\x00-\\x08\\x0A-\\x1F\\x7F]*");
    /** The headers every request carries (docs/receivers.md#what-every-request-looks-like); a hook may not replace them. */
    private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length", "host", "user-agent",
            "webhook-id", "webhook-timestamp", "webhook-signature", "x-webhook-secret", "x-hook-signature",
            "hellojohn-hook-signature");
    private static final String TRIGGERS = "pre_sign_up, pre_sign_in, pre_password_reset, jwt";

    private HookParser() {
    }

    public static ParseResult parse(HookRef ref, String json) {
        List<FieldError> errors = new ArrayList<>();
        if (!ID.matcher(ref.id()).matches()) {
            errors.add(new FieldError("id", "must be 1-64 characters of a-z 0-9 _ -"));
        }
        JsonNode node = readObject(json, errors);
        if (node == null) {
            return new ParseResult(ref, json, null, errors);
        }
        JsonFields fields = new JsonFields(node, errors);
        HookConfig config = ref.kind() == HookKind.WEBHOOK ? webhook(ref.id(), fields) : prehook(ref.id(), fields);
        return new ParseResult(ref, json, config, errors);
    }

    /** The value as a JSON object, or null with an error; parse errors give only a position (they may quote a secret). */
    private static JsonNode readObject(String json, List<FieldError> errors) {
        String problem = "must be a JSON object";
        try {
            JsonNode node = json == null ? null : JSON.readTree(json);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            problem += at == null ? " (not valid JSON)"
                    : " (not valid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        } catch (IOException e) {
            problem += " (not valid JSON)";
        }
        errors.add(new FieldError("value", problem));
        return null;
    }

    /** Null unless every field is valid. */
    private static WebhookConfig webhook(String id, JsonFields f) {
        URI url = url(f);
        List<String> events = events(f);
        Common common = common(f);
        int timeoutMs = f.integer("timeoutMs", 1000, 30_000, 10_000);
        Format format = format(f);
        formatCarries(f, format, events);
        Payload payload = f.choice("payload", Payload::fromValue, "full, thin", Payload.FULL);
        if (payload == Payload.THIN && !format.allowsThinPayload()) {
            f.error("payload", "thin is only available with format standard or cloudevents, not " + format.value());
        }
        if (!f.ok()) {
            return null;
        }
        return new WebhookConfig(id, common.endpoint(url, timeoutMs), events, common.enabled, common.name,
                common.description, format, payload);
    }

    /** Null unless every field is valid. */
    private static PrehookConfig prehook(String id, JsonFields f) {
        Trigger trigger = f.choice("trigger", Trigger::fromValue, TRIGGERS, null);
        URI url = url(f);
        Common common = common(f);
        int timeoutMs = f.integer("timeoutMs", 100, 10_000, 5_000);
        FailMode failMode = f.choice("failMode", FailMode::fromValue, "open, closed", FailMode.OPEN);
        int order = f.integer("order", Integer.MIN_VALUE, Integer.MAX_VALUE, 0);
        int cacheTtl = f.integer("cacheTtlSeconds", 0, MAX_CACHE_TTL_SECONDS, 0);
        if (cacheTtl > 0 && trigger != null && trigger != Trigger.JWT) {
            f.error("cacheTtlSeconds", "must be 0 unless trigger is jwt");
        }
        Format format = format(f);
        if (trigger != null && !format.carries(trigger)) {
            f.error("format", format.value() + " is for webhooks only; a prehook's format is standard, frontegg or hellojohn");
        }
        if (!f.ok()) {
            return null;
        }
        return new PrehookConfig(id, trigger, common.endpoint(url, timeoutMs), common.enabled, common.name,
                common.description, failMode, order, cacheTtl, format);
    }

    /** The fields webhooks and prehooks share, besides the URL and the timeout (whose ranges differ). */
    private record Common(String secret, boolean enabled, String name, String description, Map<String, String> headers) {

        Endpoint endpoint(URI url, int timeoutMs) {
            return new Endpoint(url, secret, headers, Duration.ofMillis(timeoutMs));
        }
    }

    private static Common common(JsonFields f) {
        return new Common(secret(f), f.bool("enabled", true), f.text("name", 200), f.text("description", 2000),
                headers(f));
    }

    private static Format format(JsonFields f) {
        return f.choice("format", Format::fromValue, Format.VALUES, Format.STANDARD);
    }

    /**
     * Every subscription must name something the format can deliver (docs/formats.md#what-each-format-carries): an
     * exact type it carries, or a wildcard that matches at least one type it carries.
     */
    private static void formatCarries(JsonFields f, Format format, List<String> events) {
        for (String pattern : events) {
            boolean carried = EventPatterns.TYPES.stream()
                    .anyMatch(type -> EventPatterns.matches(pattern, type) && format.carries(type));
            if (!carried) {
                f.error("format", format.value() + " cannot carry '" + pattern + "'"
                        + (pattern.endsWith("*") ? " (the wildcard matches no type that format carries)" : ""));
            }
        }
    }

    private static URI url(JsonFields f) {
        String value = f.requiredText("url");
        if (value == null) {
            return null;
        }
        if (Secrets.isVaultReference(value)) {
            return Endpoint.vaultUrl(value);
        }
        URI url;
        try {
            url = new URI(value);
        } catch (URISyntaxException e) {
            f.error("url", "is not a valid URL (" + e.getReason() + ")");
            return null;
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            f.error("url", "must be an absolute https:// URL (http:// only where the destination policy allows it)");
        } else if (url.getHost() == null) {
            f.error("url", "must name a host");
        } else if (url.getRawUserInfo() != null) {
            f.error("url", "must not contain user info (send credentials in headers)");
        } else if (url.getRawFragment() != null) {
            f.error("url", "must not contain a fragment");
        } else if (url.getPort() == 0 || url.getPort() > 65_535) {
            f.error("url", "has an invalid port");
        } else {
            return url;
        }
        return null;
    }

    private static String secret(JsonFields f) {
        String secret = f.text("secret", Integer.MAX_VALUE);
        if (secret == null || Secrets.isVaultReference(secret) || Secrets.isEncrypted(secret)) {
            return secret;
        }
        if (secret.equals(Secrets.MASK)) {
            f.error("secret", "'" + Secrets.MASK + "' is the mask of a stored secret, not a secret");
        } else if (secret.startsWith("whsec_") && !decodesToAtLeast(secret.substring("whsec_".length()), 24)) {
            f.error("secret", "a whsec_ secret must be whsec_ followed by standard base64 of at least 24 bytes");
        } else if (secret.length() < MIN_SECRET_LENGTH) {
            f.error("secret", "must be at least " + MIN_SECRET_LENGTH + " characters (or a ${vault.<key>} reference)");
        }
        return secret;
    }

    private static Map<String, String> headers(JsonFields f) {
        JsonNode node = f.get("headers");
        Map<String, String> headers = new LinkedHashMap<>();
        if (node == null) {
            return headers;
        }
        if (!node.isObject()) {
            f.error("headers", "must be an object of header names to string values");
            return headers;
        }
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, JsonNode> header : node.properties()) {
            String name = header.getKey();
            JsonNode value = header.getValue();
            String lowerName = name.toLowerCase(Locale.ROOT);
            if (!HEADER_NAME.matcher(name).matches()) {
                f.error("headers", "'" + name + "' is not a valid header name");
            } else if (RESERVED_HEADERS.contains(lowerName)) {
                f.error("headers", "'" + name + "' is set by Keycloak Hooks and cannot be replaced");
            } else if (!seen.add(lowerName)) {
                f.error("headers", "'" + name + "' is given more than once (header names ignore case)");
            } else if (!value.isTextual()) {
                f.error("headers", "the value of '" + name + "' must be a string");
            } else if (!HEADER_VALUE.matcher(value.asText()).matches()) {
                f.error("headers", "the value of '" + name + "' must not contain line breaks or control characters");
            } else {
                headers.put(name, value.asText());
            }
        }
        return headers;
    }

    private static List<String> events(JsonFields f) {
        JsonNode node = f.get("events");
        if (node == null) {
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
        return List.copyOf(events);
    }

    private static boolean decodesToAtLeast(String base64, int bytes) {
        try {
            return java.util.Base64.getDecoder().decode(base64).length >= bytes;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
