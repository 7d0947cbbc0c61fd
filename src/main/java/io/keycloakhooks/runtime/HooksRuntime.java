package io.keycloakhooks.runtime;

import java.util.concurrent.ExecutorService;

import io.keycloakhooks.transport.DestinationPolicy;
import io.keycloakhooks.transport.HookHttpClient;
import org.keycloak.provider.Provider;

/**
 * Server-wide hook services, shared by all sessions; the factory owns and closes them. {@code calls} runs
 * concurrent hook calls (virtual threads: each waits on the network, bounded by its hook's timeout).
 */
public record HooksRuntime(HookHttpClient http, DestinationPolicy policy, OnceLog onceLog, ExecutorService calls,
        Runnable nudgeDispatchers) implements Provider {

    @Override
    public void close() {
        // Shared across sessions: closed by the factory when Keycloak stops.
    }
}
