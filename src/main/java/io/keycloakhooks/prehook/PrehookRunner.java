package io.keycloakhooks.prehook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.call.ConcurrentCalls;
import io.keycloakhooks.call.HookCaller.PreparedCall;
import io.keycloakhooks.transport.HookResponse;

/**
 * Calls the prehooks of one trigger concurrently (docs/prehooks.md#several-prehooks-and-timeouts), so the flow waits as long as the slowest hook
 * (each call is bounded by its own timeout), not the sum. The flow goes on only if every hook lets it, fail
 * modes applied; when several stop it, the one with the lowest order, then id, is shown.
 */
public final class PrehookRunner {

    private final ExecutorService executor;

    public PrehookRunner(ExecutorService executor) {
        this.executor = executor;
    }

    /** @param prepare turns a hook into its ready call; runs on the caller's thread (it may use the session) */
    public PrehookVerdict run(List<PrehookConfig> hooks, Function<PrehookConfig, PreparedCall> prepare) {
        PreparedCall[] prepared = hooks.stream().map(prepare).toArray(PreparedCall[]::new);
        HookResponse[] responses = ConcurrentCalls.send(executor, prepared);
        List<PrehookCall> calls = new ArrayList<>();
        for (int i = 0; i < hooks.size(); i++) {
            calls.add(PrehookCall.of(hooks.get(i), responses[i]));
        }
        Optional<PrehookCall> stoppedBy = calls.stream().filter(c -> !c.proceeds())
                .min(Comparator.comparingInt((PrehookCall c) -> c.hook().order()).thenComparing(c -> c.hook().id()));
        return new PrehookVerdict(List.copyOf(calls), stoppedBy);
    }

    /** The calls of one trigger and, when the flow must stop, the call whose message is shown. */
    public record PrehookVerdict(List<PrehookCall> calls, Optional<PrehookCall> stoppedBy) {
        public boolean proceeds() {
            return stoppedBy.isEmpty();
        }
    }
}
