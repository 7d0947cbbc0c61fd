package io.keycloakhooks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The small types: kinds, refs, triggers, fail modes, errors, endpoints. */
class HookModelTest {

    @Test
    void kindsNameTheirAttributes() {
        assertEquals("hooks.webhook.", HookKind.WEBHOOK.attributePrefix());
        assertEquals("hooks.prehook.", HookKind.PREHOOK.attributePrefix());
        assertEquals("hooks.webhook.orders", HookKind.WEBHOOK.attributeName("orders"));
        assertEquals("hooks.prehook.gate", new HookRef(HookKind.PREHOOK, "gate").attributeName());
    }

    @Test
    void refsFromAttributeNames() {
        assertEquals(Optional.of(new HookRef(HookKind.WEBHOOK, "orders")), HookRef.fromAttributeName("hooks.webhook.orders"));
        assertEquals(Optional.of(new HookRef(HookKind.PREHOOK, "gate")), HookRef.fromAttributeName("hooks.prehook.gate"));
        assertEquals(Optional.of(new HookRef(HookKind.PREHOOK, "Bad Id!")), HookRef.fromAttributeName("hooks.prehook.Bad Id!"),
                "an invalid id still gives a ref, so the hook can be reported");
        assertEquals(Optional.of(new HookRef(HookKind.WEBHOOK, "")), HookRef.fromAttributeName("hooks.webhook."));
        for (String other : List.of("displayName", "hooks.other.x", "hooks.webhook", "Hooks.webhook.x", "xhooks.webhook.a")) {
            assertEquals(Optional.empty(), HookRef.fromAttributeName(other), other);
        }
        assertEquals(Optional.empty(), HookRef.fromAttributeName(null));
    }

    @Test
    void triggers() {
        assertEquals(List.of("pre_sign_up", "pre_sign_in", "pre_password_reset", "jwt"),
                List.of(Trigger.values()).stream().map(Trigger::value).toList());
        for (Trigger trigger : Trigger.values()) {
            assertEquals(Optional.of(trigger), Trigger.fromValue(trigger.value()));
        }
        assertEquals(Optional.empty(), Trigger.fromValue("JWT"));
        assertEquals(Optional.empty(), Trigger.fromValue(null));
    }

    @Test
    void failModes() {
        assertEquals("open", FailMode.OPEN.value());
        assertEquals("closed", FailMode.CLOSED.value());
        assertEquals(Optional.of(FailMode.CLOSED), FailMode.fromValue("closed"));
        assertEquals(Optional.of(FailMode.OPEN), FailMode.fromValue("open"));
        assertEquals(Optional.empty(), FailMode.fromValue("OPEN"));
        assertEquals(Optional.empty(), FailMode.fromValue(null));
    }

    @Test
    void fieldErrorsReadFieldColonMessage() {
        assertEquals("events[2]: unknown event type 'x'", new FieldError("events[2]", "unknown event type 'x'").toString());
    }

    @Test
    void endpointHeadersAreAnOrderedImmutableCopy() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Z", "1");
        headers.put("A", "2");
        Endpoint endpoint = new Endpoint(URI.create("https://x.test/"), null, headers, Duration.ofSeconds(1));
        headers.put("B", "3");
        assertEquals(List.of("Z", "A"), List.copyOf(endpoint.headers().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> endpoint.headers().put("C", "4"));
        assertEquals(Map.of(), new Endpoint(URI.create("https://x.test/"), null, null, Duration.ofSeconds(1)).headers());
    }

    @Test
    void parseResultsAreValidExactlyWhenTheyHaveAConfig() {
        HookRef ref = new HookRef(HookKind.WEBHOOK, "w");
        assertFalse(new ParseResult(ref, "{}", null, List.of(new FieldError("url", "is required"))).valid());
        WebhookConfig config = new WebhookConfig("w", new Endpoint(URI.create("https://x.test/"), null, null,
                Duration.ofSeconds(1)), List.of("*"), true, null, null);
        assertTrue(new ParseResult(ref, "{}", config, List.of()).valid());
        assertEquals(ref, config.ref());
    }
}
