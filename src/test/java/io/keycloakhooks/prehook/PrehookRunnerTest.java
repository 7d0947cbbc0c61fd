package io.keycloakhooks.prehook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.keycloakhooks.config.Endpoint;
import io.keycloakhooks.config.FailMode;
import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.call.HookCaller.PreparedCall;
import io.keycloakhooks.transport.HookResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrehookRunnerTest {

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final PrehookRunner runner = new PrehookRunner(executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void callsRunConcurrently() {
        CountDownLatch allStarted = new CountDownLatch(3);
        List<PrehookConfig> hooks = List.of(hook("a", 0, FailMode.OPEN), hook("b", 0, FailMode.OPEN), hook("c", 0, FailMode.OPEN));

        PrehookRunner.PrehookVerdict verdict = runner.run(hooks, h -> () -> {
            allStarted.countDown();
            try {
                boolean together = allStarted.await(5, TimeUnit.SECONDS);
                return together ? answer("") : HookResponse.failed("calls ran one after another", 0);
            } catch (InterruptedException e) {
                return HookResponse.failed("interrupted", 0);
            }
        });

        assertTrue(verdict.proceeds(), verdict.toString());
        assertEquals(3, verdict.calls().size());
    }

    @Test
    void theLowestOrderThenIdDenialIsShown() {
        List<PrehookConfig> hooks = List.of(hook("zeta", 5, FailMode.OPEN), hook("beta", 1, FailMode.OPEN),
                hook("alpha", 1, FailMode.OPEN), hook("ok", -10, FailMode.OPEN));
        PrehookRunner.PrehookVerdict verdict = runner.run(hooks, h -> h.id().equals("ok") ? ok()
                : () -> answer("{\"allow\": false, \"message\": \"" + h.id() + " says no\"}"));

        assertFalse(verdict.proceeds());
        assertEquals("alpha says no", verdict.stoppedBy().orElseThrow().decision().message());
    }

    @Test
    void failModesDecideFailures() {
        PreparedCall down = () -> HookResponse.failed("timeout after 100 ms", 100);
        assertTrue(runner.run(List.of(hook("open", 0, FailMode.OPEN)), h -> down).proceeds());
        PrehookRunner.PrehookVerdict closed = runner.run(List.of(hook("open", 0, FailMode.OPEN), hook("closed", 0, FailMode.CLOSED)),
                h -> down);
        assertFalse(closed.proceeds());
        assertEquals("closed", closed.stoppedBy().orElseThrow().hook().id());
        assertEquals("hooksUnavailable", closed.stoppedBy().orElseThrow().fallbackMessageKey());
    }

    @Test
    void aCallThatThrowsIsAFailureNotACrash() {
        PrehookRunner.PrehookVerdict verdict = runner.run(List.of(hook("boom", 0, FailMode.CLOSED)), h -> () -> {
            throw new IllegalStateException("bug");
        });
        assertFalse(verdict.proceeds());
        assertEquals(PrehookDecision.Outcome.FAILURE, verdict.calls().get(0).decision().outcome());
    }

    @Test
    void noHooksMeansGoOn() {
        assertTrue(runner.run(List.of(), h -> ok()).proceeds());
    }

    private static PreparedCall ok() {
        return () -> answer("");
    }

    private static HookResponse answer(String body) {
        return new HookResponse(200, body, Map.of(), 1, null);
    }

    static PrehookConfig hook(String id, int order, FailMode failMode) {
        return new PrehookConfig(id, Trigger.PRE_SIGN_IN, new Endpoint(URI.create("https://x.test/" + id), null, Map.of(),
                Duration.ofSeconds(1)), true, null, null, failMode, order, 0);
    }
}
