package io.keycloakhooks.runtime;

import io.keycloakhooks.transport.DestinationPolicy;
import io.keycloakhooks.transport.HookHttpClient;
import org.keycloak.provider.Provider;

/** Server-wide hook services, shared by all sessions; the factory owns and closes them. */
public record HooksRuntime(HookHttpClient http, DestinationPolicy policy, OnceLog onceLog) implements Provider {

    @Override
    public void close() {
        // Shared across sessions: closed by the factory when Keycloak stops.
    }
}
