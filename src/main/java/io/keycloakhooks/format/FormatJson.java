package io.keycloakhooks.format;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON helpers the renderings share: reading the standard envelope's facts, writing the other shapes. */
final class FormatJson {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The same form as the envelope's {@code timestamp}: ISO-8601 UTC with milliseconds. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);

    private FormatJson() {
    }

    /** A text field of an object, or null when it is absent, JSON null or not text. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    static ObjectNode object(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value instanceof ObjectNode object ? object : null;
    }

    /** "First Last", either alone, or null when the user has neither. */
    static String fullName(JsonNode user) {
        String first = text(user, "firstName");
        String last = text(user, "lastName");
        String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
        return name.isEmpty() ? null : name;
    }

    /** The first value of a user attribute (the envelope shows attributes as arrays), or null. */
    static String attribute(JsonNode user, String... names) {
        ObjectNode attributes = object(user, "attributes");
        if (attributes == null) {
            return null;
        }
        for (String name : names) {
            JsonNode values = attributes.get(name);
            if (values != null && values.isArray() && !values.isEmpty() && values.get(0).isTextual()) {
                return values.get(0).textValue();
            }
        }
        return null;
    }

    /** The user's {@code createdTimestamp} (epoch milliseconds) as ISO-8601, or null. */
    static String createdAt(JsonNode user) {
        JsonNode created = user == null ? null : user.get("createdTimestamp");
        return created != null && created.isNumber() ? TIME.format(Instant.ofEpochMilli(created.longValue())) : null;
    }

    static ArrayNode array(String... values) {
        ArrayNode array = JSON.createArrayNode();
        for (String value : values) {
            if (value != null) {
                array.add(value);
            }
        }
        return array;
    }

    /** A JSON value as a string of JSON (Frontegg's {@code metadata} is one). */
    static String stringified(JsonNode node) {
        try {
            return JSON.writeValueAsString(node == null ? JSON.createObjectNode() : node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
