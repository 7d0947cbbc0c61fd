package io.keycloakhooks.runtime;

import org.keycloak.provider.ProviderFactory;

public interface HooksRuntimeFactory extends ProviderFactory<HooksRuntime> {
}
