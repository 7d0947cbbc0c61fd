package io.keycloakhooks.runtime;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The extension's own SPI, {@code hooks}: one server-wide runtime (HTTP client, destination policy) that every
 * hook component gets with {@code session.getProvider(HooksRuntime.class)}. Its options are Keycloak SPI
 * options, e.g. {@code --spi-hooks--default--allowed-networks}.
 */
public class HooksSpi implements Spi {

    public static final String NAME = "hooks";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return HooksRuntime.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return HooksRuntimeFactory.class;
    }
}
