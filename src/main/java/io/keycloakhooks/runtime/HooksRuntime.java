package io.keycloakhooks.runtime;

import java.util.concurrent.ExecutorService;

import io.keycloakhooks.call.CallChannel;
import io.keycloakhooks.delivery.Dispatchers;
import io.keycloakhooks.execlog.ExecutionRecorder;
import io.keycloakhooks.logging.OnceLog;
import io.keycloakhooks.transport.DestinationPolicy;
import org.keycloak.provider.Provider;

/**
 * Server-wide hook services, shared by all sessions; the factory owns and closes them. {@code login} carries the
 * calls a login waits for (prehooks, the JWT prehook, a prehook's test action), {@code webhook} webhook deliveries
 * and a webhook's test action, each with its own HTTP client and per-realm limit. {@code calls} runs
 * concurrent hook calls (virtual threads: each waits on the network, bounded by its hook's timeout);
 * {@code executions} takes every prehook call for the execution log and the meters.
 */
public record HooksRuntime(CallChannel login, CallChannel webhook, DestinationPolicy policy, OnceLog onceLog, ExecutorService calls,
        Dispatchers dispatchers, ExecutionRecorder executions) implements Provider {

    @Override
    public void close() {
        // Shared across sessions: closed by the factory when Keycloak stops.
    }
}
