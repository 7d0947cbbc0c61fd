package io.keycloakhooks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The cache is static and shared by every test: each test uses values of its own (a fresh UUID in them). */
class RealmHooksTest {

    private final String unique = UUID.randomUUID().toString();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final RealmHooks.InvalidHookListener listener = (realm, result) -> reports.add(realm + " " + result.ref().attributeName());

    @Test
    void invalidHooksAreSkippedAndReportedWhileOthersLoad() {
        RealmHooks hooks = RealmHooks.from("acme", Map.of(
                "displayName", "not a hook",
                "hooks.other.x", "not a hook either",
                "hooks.webhook.good", webhook("good"),
                "hooks.webhook.broken", "{oops " + unique,
                "hooks.webhook.Bad-Id", webhook("bad-id"),
                "hooks.prehook.b", prehook("pre_sign_in", "b", ", \"order\": 2"),
                "hooks.prehook.a", prehook("pre_sign_in", "a", ", \"order\": 2"),
                "hooks.prehook.first", prehook("pre_sign_in", "first", ", \"order\": -1"),
                "hooks.prehook.off", prehook("pre_sign_in", "off", ", \"enabled\": false, \"order\": -5"),
                "hooks.prehook.claims", prehook("jwt", "claims", "")), listener);

        assertEquals(List.of("hooks.prehook.a", "hooks.prehook.b", "hooks.prehook.claims", "hooks.prehook.first",
                "hooks.prehook.off", "hooks.webhook.Bad-Id", "hooks.webhook.broken", "hooks.webhook.good"),
                hooks.results().stream().map(r -> r.ref().attributeName()).toList(), "every hook attribute, by name");
        assertEquals(List.of("good"), hooks.webhooks().stream().map(WebhookConfig::id).toList());
        assertEquals(List.of("a", "b", "claims", "first", "off"), hooks.prehooks().stream().map(PrehookConfig::id).toList(),
                "valid prehooks by id, disabled ones included");
        assertEquals(List.of("first", "a", "b"),
                hooks.enabledPrehooks(Trigger.PRE_SIGN_IN).stream().map(PrehookConfig::id).toList(), "by order, then id");
        assertEquals(List.of("claims"), hooks.enabledPrehooks(Trigger.JWT).stream().map(PrehookConfig::id).toList());
        assertEquals(List.of(), hooks.enabledPrehooks(Trigger.PRE_SIGN_UP));

        ParseResult broken = hooks.find(new HookRef(HookKind.WEBHOOK, "broken")).orElseThrow();
        assertFalse(broken.valid());
        assertEquals("value", broken.errors().get(0).field());
        assertEquals("id", hooks.find(new HookRef(HookKind.WEBHOOK, "Bad-Id")).orElseThrow().errors().get(0).field());
        assertTrue(hooks.find(new HookRef(HookKind.PREHOOK, "claims")).orElseThrow().valid());
        assertTrue(hooks.find(new HookRef(HookKind.WEBHOOK, "absent")).isEmpty());
        assertTrue(hooks.find(new HookRef(HookKind.PREHOOK, "good")).isEmpty(), "a ref is kind and id");
        assertEquals(List.of("acme hooks.webhook.Bad-Id", "acme hooks.webhook.broken"), reports.stream().sorted().toList());
    }

    @Test
    void anUnchangedValueIsParsedOnce() {
        Map<String, String> attributes = new HashMap<>(Map.of("hooks.webhook.cached", webhook("c")));
        RealmHooks first = RealmHooks.from("r", attributes);
        RealmHooks second = RealmHooks.from("r", Map.copyOf(attributes));
        assertSame(first.results().get(0), second.results().get(0), "the cached parse is reused");
        assertSame(first.webhooks().get(0), second.webhooks().get(0));
        assertSame(first.webhooks().get(0), RealmHooks.from("other-realm", attributes).webhooks().get(0),
                "the same value in another realm is the same hook");

        attributes.put("hooks.webhook.cached", webhook("d"));
        WebhookConfig changed = RealmHooks.from("r", attributes).webhooks().get(0);
        assertNotSame(first.webhooks().get(0), changed);
        assertTrue(changed.endpoint().url().toString().endsWith("/d"), "a new value is parsed anew");
    }

    @Test
    void anInvalidValueIsReportedOncePerRealmAndValue() {
        Map<String, String> attributes = Map.of("hooks.prehook.bad", "{\"trigger\": \"never\", \"url\": \"x" + unique + "\"}");
        for (int i = 0; i < 5; i++) {
            RealmHooks hooks = RealmHooks.from("acme", attributes, listener);
            assertEquals(List.of(), hooks.prehooks());
            assertEquals(1, hooks.results().size());
        }
        assertEquals(List.of("acme hooks.prehook.bad"), reports);

        RealmHooks.from("copy-of-acme", attributes, listener);
        assertEquals(List.of("acme hooks.prehook.bad", "copy-of-acme hooks.prehook.bad"), reports);

        RealmHooks.from("acme", Map.of("hooks.prehook.bad", "{\"trigger\": \"still-wrong\", \"x\": \"" + unique + "\"}"), listener);
        assertEquals(3, reports.size(), "a changed value is reported again");
    }

    @Test
    void theReportNamesRealmAttributeAndErrorsButNeverTheValue() {
        String secret = "short-secret-" + unique.substring(0, 4);
        ParseResult result = HookParser.parse(new HookRef(HookKind.WEBHOOK, "orders"),
                "{\"url\": \"ftp://x.test/\", \"events\": [\"*\"], \"secret\": \"" + secret + "\"}");
        String report = RealmHooks.describeInvalid("acme", result);
        assertTrue(report.contains("realm acme"), report);
        assertTrue(report.contains("hooks.webhook.orders"), report);
        assertTrue(report.contains("url: must be an absolute https://"), report);
        assertTrue(report.contains("secret: must be at least 32 characters"), report);
        assertFalse(report.contains(secret), report);
    }

    @Test
    void racingThreadsParseToOneResultAndReportOnce() throws Exception {
        Map<String, String> attributes = Map.of("hooks.webhook.raced", "{\"events\": [\"" + unique + "\"]}",
                "hooks.webhook.fine", webhook("fine"));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<RealmHooks>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return RealmHooks.from("acme", attributes, listener);
                }));
            }
            start.countDown();
            List<RealmHooks> all = new ArrayList<>();
            for (Future<RealmHooks> future : futures) {
                all.add(future.get(30, TimeUnit.SECONDS));
            }
            assertEquals(List.of("acme hooks.webhook.raced"), reports);
            for (RealmHooks hooks : all) {
                assertEquals(List.of("fine"), hooks.webhooks().stream().map(WebhookConfig::id).toList());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theCacheIsBounded() {
        for (int i = 0; i <= RealmHooks.MAX_CACHED; i++) {
            RealmHooks.from("bulk", Map.of("hooks.webhook.w", webhook(unique + "-" + i)));
            assertTrue(RealmHooks.cachedValues() <= RealmHooks.MAX_CACHED);
        }
        Map<String, String> attributes = Map.of("hooks.webhook.after", webhook("after"));
        assertSame(RealmHooks.from("r", attributes).webhooks().get(0), RealmHooks.from("r", attributes).webhooks().get(0),
                "still caching after a clear");
    }

    @Test
    void aRealmWithoutHooksSharesOneEmptyResult() {
        RealmHooks none = RealmHooks.from("a", Map.of("x", "y", "hooksfoo", "z", "hooks.webhooks.x", "{}"));
        assertSame(none, RealmHooks.from("b", Map.of()));
        assertEquals(List.of(), none.results());
        assertEquals(List.of(), none.webhooks());
        assertEquals(List.of(), none.prehooks());
        assertEquals(List.of(), none.enabledPrehooks(Trigger.JWT));
    }

    private String webhook(String path) {
        return "{\"url\": \"https://x.test/" + unique + "/" + path + "\", \"events\": [\"*\"]}";
    }

    private String prehook(String trigger, String path, String more) {
        return "{\"trigger\": \"" + trigger + "\", \"url\": \"https://x.test/" + unique + "/" + path + "\"" + more + "}";
    }
}
