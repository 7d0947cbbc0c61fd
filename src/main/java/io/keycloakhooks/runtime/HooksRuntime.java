package io.keycloakhooks.runtime;

import java.util.concurrent.ExecutorService;

import io.keycloakhooks.delivery.Dispatchers;
import io.keycloakhooks.execlog.ExecutionRecorder;
import io.keycloakhooks.logging.OnceLog;
import io.keycloakhooks.transport.DestinationPolicy;
import io.keycloakhooks.transport.HookHttpClient;
import org.keycloak.provider.Provider;

/**
 * Server-wide hook services, shared by all sessions; the factory owns and closes them. {@code calls} runs
 * concurrent hook calls (virtual threads: each waits on the network, bounded by its hook's timeout);
 * {@code executions} takes every prehook call for the execution log and the meters.
 */
public record HooksRuntime(HookHttpClient http, DestinationPolicy policy, OnceLog onceLog, ExecutorService calls,
        Dispatchers dispatchers, ExecutionRecorder executions) implements Provider {

    @Override
    public void close() {
        // Shared across sessions: closed by the factory when Keycloak stops.
    }
}
