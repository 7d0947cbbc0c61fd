package io.keycloakhooks.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.keycloakhooks.config.Endpoint;
import io.keycloakhooks.config.FailMode;
import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.call.HookCaller.PreparedCall;
import io.keycloakhooks.transport.HookResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JwtClaimsFetcherTest {

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ClaimsCache cache = new ClaimsCache(Clock.systemUTC(), 1_000_000);
    private final JwtClaimsFetcher fetcher = new JwtClaimsFetcher(executor, cache);
    private final JwtClaimsFetcher.CacheScope scope = new JwtClaimsFetcher.CacheScope("r", "u", "c", "openid");
    private final List<String> prepared = new CopyOnWriteArrayList<>();
    private final List<String> dropped = new ArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void mergesInOrderLaterWins() {
        JwtClaimsFetcher.Outcome outcome = fetch(List.of(hook("a", 1, FailMode.OPEN, 0), hook("b", 2, FailMode.OPEN, 0)),
                h -> answer(200, h.id().equals("a") ? "{\"claims\": {\"plan\": \"free\", \"a\": 1}}"
                        : "{\"customClaims\": {\"plan\": \"pro\", \"b\": 2}}"));
        assertEquals(Map.of("plan", "pro", "a", 1, "b", 2), outcome.claims());
        assertTrue(outcome.fatal().isEmpty());
    }

    @Test
    void callsRunConcurrently() {
        CountDownLatch both = new CountDownLatch(2);
        JwtClaimsFetcher.Outcome outcome = fetch(List.of(hook("a", 0, FailMode.CLOSED, 0), hook("b", 0, FailMode.CLOSED, 0)),
                h -> () -> {
                    both.countDown();
                    try {
                        return both.await(5, TimeUnit.SECONDS) ? new HookResponse(200, "{\"claims\": {\"" + h.id() + "\": true}}", Map.of(), 1, null)
                                : HookResponse.failed("calls ran one after another", 0);
                    } catch (InterruptedException e) {
                        return HookResponse.failed("interrupted", 0);
                    }
                });
        assertEquals(Map.of("a", true, "b", true), outcome.claims(), outcome.toString());
    }

    @Test
    void aSingleCallRunsOnTheCallingThreadWithoutAHandOff() {
        Thread caller = Thread.currentThread();
        List<Thread> senders = new CopyOnWriteArrayList<>();
        JwtClaimsFetcher.Outcome outcome = fetch(List.of(hook("a", 0, FailMode.OPEN, 0), hook("cached", 1, FailMode.OPEN, 60)),
                h -> () -> {
                    senders.add(Thread.currentThread());
                    return new HookResponse(200, "{\"claims\": {\"" + h.id() + "\": 1}}", Map.of(), 1, null);
                });
        assertEquals(Map.of("a", 1, "cached", 1), outcome.claims());
        assertEquals(2, senders.size());
        assertFalse(senders.get(0) == caller && senders.get(1) == caller, "two calls: one goes to the executor");
        assertTrue(senders.contains(caller), "the last call runs on the calling thread");

        senders.clear();
        JwtClaimsFetcher.Outcome single = fetch(List.of(hook("a", 0, FailMode.OPEN, 0), hook("cached", 1, FailMode.OPEN, 60)),
                h -> () -> {
                    senders.add(Thread.currentThread());
                    return new HookResponse(200, "{\"claims\": {\"" + h.id() + "\": 2}}", Map.of(), 1, null);
                });
        assertEquals(List.of(caller), senders, "the cached hook needs no call; the other runs here");
        assertEquals(Map.of("a", 2, "cached", 1), single.claims());
    }

    @Test
    void anOpenFailureDropsOnlyThatHooksClaims() {
        JwtClaimsFetcher.Outcome outcome = fetch(List.of(hook("a", 0, FailMode.OPEN, 0), hook("b", 1, FailMode.OPEN, 0)),
                h -> h.id().equals("a") ? answer(500, "") : answer(200, "{\"claims\": {\"b\": 2}}"));
        assertEquals(Map.of("b", 2), outcome.claims());
        assertEquals(1, outcome.failures().size());
        assertEquals("status 500", outcome.failures().get(0).reason());
        assertTrue(outcome.fatal().isEmpty());
    }

    @Test
    void aClosedFailureIsFatal() {
        JwtClaimsFetcher.Outcome outcome = fetch(List.of(hook("a", 0, FailMode.OPEN, 0), hook("b", 1, FailMode.CLOSED, 0)),
                h -> h.id().equals("a") ? answer(200, "{\"claims\": {\"a\": 1}}") : answer(200, "not json"));
        assertTrue(outcome.fatal().isPresent());
        assertEquals("b", outcome.fatal().get().hook().id());
        assertEquals(Map.of(), outcome.claims());
    }

    @Test
    void protectedClaimsAreReportedWithTheirHook() {
        fetch(List.of(hook("a", 0, FailMode.OPEN, 0)), h -> answer(200, "{\"claims\": {\"iss\": \"x\", \"ok\": 1}}"));
        assertEquals(List.of("a:iss"), dropped);
    }

    @Test
    void cachedClaimsSkipTheCallOnlyForHooksWithATtl() {
        List<PrehookConfig> hooks = List.of(hook("cached", 0, FailMode.OPEN, 60), hook("live", 1, FailMode.OPEN, 0));
        fetch(hooks, h -> answer(200, "{\"claims\": {\"" + h.id() + "\": 1}}"));
        assertEquals(List.of("cached", "live"), prepared);
        prepared.clear();

        JwtClaimsFetcher.Outcome second = fetch(hooks, h -> answer(200, "{\"claims\": {\"" + h.id() + "\": 2}}"));
        assertEquals(List.of("live"), prepared);
        assertEquals(Map.of("cached", 1, "live", 2), second.claims());

        prepared.clear();
        fetch(hooks, h -> answer(200, "{}"));
        JwtClaimsFetcher.Outcome otherScope = fetcher.fetch(hooks, new JwtClaimsFetcher.CacheScope("r", "u", "c", "openid email"),
                h -> { prepared.add(h.id()); return answer(200, "{}"); }, (h, c) -> { });
        assertEquals(List.of("live", "cached", "live"), prepared);
        assertEquals(Map.of(), otherScope.claims());
    }

    @Test
    void failuresAreNotCached() {
        List<PrehookConfig> hooks = List.of(hook("a", 0, FailMode.OPEN, 60));
        fetch(hooks, h -> answer(503, ""));
        JwtClaimsFetcher.Outcome second = fetch(hooks, h -> answer(200, "{\"claims\": {\"a\": 1}}"));
        assertEquals(List.of("a", "a"), prepared);
        assertEquals(Map.of("a", 1), second.claims());
        assertFalse(second.fatal().isPresent());
    }

    private JwtClaimsFetcher.Outcome fetch(List<PrehookConfig> hooks, Function<PrehookConfig, PreparedCall> calls) {
        return fetcher.fetch(hooks, scope, h -> {
            prepared.add(h.id());
            return calls.apply(h);
        }, (h, claim) -> dropped.add(h.id() + ":" + claim));
    }

    private static PreparedCall answer(int status, String body) {
        return () -> new HookResponse(status, body, Map.of(), 1, null);
    }

    private static PrehookConfig hook(String id, int order, FailMode failMode, int ttl) {
        return new PrehookConfig(id, Trigger.JWT, new Endpoint(URI.create("https://hooks.test/" + id), null, Map.of(),
                Duration.ofSeconds(1)), true, null, null, failMode, order, ttl);
    }
}
