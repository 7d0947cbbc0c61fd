package io.keycloakhooks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RealmHooksTest {

    @Test
    void invalidHooksAreSkippedAndReportedWhileOthersLoad() {
        RealmHooks hooks = RealmHooks.from("acme", Map.of(
                "displayName", "not a hook",
                "hooks.webhook.good", "{\"url\": \"https://x.test/\", \"events\": [\"*\"]}",
                "hooks.webhook.broken", "{oops",
                "hooks.prehook.b", "{\"trigger\": \"pre_sign_in\", \"url\": \"https://x.test/b\", \"order\": 2}",
                "hooks.prehook.a", "{\"trigger\": \"pre_sign_in\", \"url\": \"https://x.test/a\", \"order\": 2}",
                "hooks.prehook.first", "{\"trigger\": \"pre_sign_in\", \"url\": \"https://x.test/f\", \"order\": -1}",
                "hooks.prehook.off", "{\"trigger\": \"pre_sign_in\", \"url\": \"https://x.test/o\", \"enabled\": false}",
                "hooks.prehook.claims", "{\"trigger\": \"jwt\", \"url\": \"https://x.test/c\"}"));

        assertEquals(List.of("good"), hooks.webhooks().stream().map(WebhookConfig::id).toList());
        assertEquals(7, hooks.results().size());
        assertFalse(hooks.find(new HookRef(HookKind.WEBHOOK, "broken")).orElseThrow().valid());
        assertEquals(List.of("first", "a", "b"),
                hooks.enabledPrehooks(Trigger.PRE_SIGN_IN).stream().map(PrehookConfig::id).toList());
        assertEquals(List.of("claims"), hooks.enabledPrehooks(Trigger.JWT).stream().map(PrehookConfig::id).toList());
        assertTrue(hooks.find(new HookRef(HookKind.WEBHOOK, "absent")).isEmpty());
    }

    @Test
    void anUnchangedValueIsParsedOnce() {
        Map<String, String> attributes = Map.of("hooks.webhook.cached", "{\"url\": \"https://x.test/c\", \"events\": [\"*\"]}");
        HookConfig first = RealmHooks.from("r", attributes).webhooks().get(0);
        HookConfig second = RealmHooks.from("r", attributes).webhooks().get(0);
        assertSame(first, second, "the cached parse is reused");

        HookConfig changed = RealmHooks.from("r", Map.of("hooks.webhook.cached",
                "{\"url\": \"https://x.test/d\", \"events\": [\"*\"]}")).webhooks().get(0);
        assertEquals("https://x.test/d", changed.endpoint().url().toString(), "a new value is parsed anew");
    }

    @Test
    void aRealmWithoutHooksSharesOneEmptyResult() {
        assertSame(RealmHooks.from("a", Map.of("x", "y")), RealmHooks.from("b", Map.of()));
    }
}
