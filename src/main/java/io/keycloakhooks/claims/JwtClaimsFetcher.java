package io.keycloakhooks.claims;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.keycloakhooks.config.FailMode;
import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.call.ConcurrentCalls;
import io.keycloakhooks.call.HookCaller.PreparedCall;
import io.keycloakhooks.transport.HookResponse;

/**
 * Gets the custom claims of one token request from its {@code jwt} prehooks: cached claims where a hook's
 * {@code cacheTtlSeconds} allows, the other hooks called concurrently (so the request waits for the slowest, each
 * bounded by its timeout; one of them runs on the calling thread), failures judged by fail mode, the answers
 * merged in order.
 */
public final class JwtClaimsFetcher {

    private final ExecutorService executor;
    private final ClaimsCache cache;

    public JwtClaimsFetcher(ExecutorService executor, ClaimsCache cache) {
        this.executor = executor;
        this.cache = cache;
    }

    /**
     * @param hooks       enabled {@code jwt} prehooks by ascending order, then id
     * @param prepare     turns a hook into its ready call; runs on the caller's thread (it may use the session), and
     *                    only for hooks that are not answered from the cache
     * @param onProtected told each dropped protected claim, with its hook
     */
    public Outcome fetch(List<PrehookConfig> hooks, CacheScope scope, Function<PrehookConfig, PreparedCall> prepare,
            BiConsumer<PrehookConfig, String> onProtected) {
        int count = hooks.size();
        List<Map<String, Object>> answers = new ArrayList<>(count);
        PreparedCall[] calls = new PreparedCall[count];
        for (int i = 0; i < count; i++) {
            PrehookConfig hook = hooks.get(i);
            Optional<Map<String, Object>> cached = hook.cacheTtlSeconds() > 0 ? cache.get(scope.key(hook)) : Optional.empty();
            answers.add(cached.orElse(null));
            if (cached.isEmpty()) {
                calls[i] = prepare.apply(hook);
            }
        }
        HookResponse[] responses = ConcurrentCalls.send(executor, calls);
        List<Failure> failures = new ArrayList<>();
        List<Call> made = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (calls[i] == null) {
                continue;
            }
            PrehookConfig hook = hooks.get(i);
            HookResponse response = responses[i];
            ClaimsResult result = ClaimsParser.parse(response, hook.format(), claim -> onProtected.accept(hook, claim));
            made.add(new Call(hook, response, result));
            if (result.failed()) {
                failures.add(new Failure(hook, result.failure()));
                answers.set(i, Map.of());
            } else {
                answers.set(i, result.claims());
                cache.put(scope.key(hook), result.claims(), Duration.ofSeconds(hook.cacheTtlSeconds()),
                        response.body().length());
            }
        }
        Optional<Failure> fatal = failures.stream().filter(f -> f.hook().failMode() == FailMode.CLOSED).findFirst();
        return new Outcome(fatal.isPresent() ? Map.of() : ClaimMerger.merge(answers), List.copyOf(failures), fatal,
                List.copyOf(made));
    }

    /** What cached claims are shared by: realm, user, client and scope. */
    public record CacheScope(String realmId, String userId, String clientId, String scope) {
        ClaimsCache.Key key(PrehookConfig hook) {
            return new ClaimsCache.Key(realmId, hook, userId, clientId, scope);
        }
    }

    public record Failure(PrehookConfig hook, String reason) {
    }

    /** A call that was made (not answered from the cache) and how its answer was read. */
    public record Call(PrehookConfig hook, HookResponse response, ClaimsResult result) {
    }

    /**
     * The merged claims (empty when a {@code closed} hook failed), every failed call, and the first failed call of
     * a {@code closed} hook: when present, no token may be issued; and the calls made, for the execution log.
     */
    public record Outcome(Map<String, Object> claims, List<Failure> failures, Optional<Failure> fatal,
            List<Call> calls) {
    }
}
