package io.keycloakhooks.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.keycloak.common.Profile;
import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * Keycloak (start-dev, dev-file database) with this project's provider jar deployed, the {@code declarative-ui}
 * feature on (the admin console's Webhooks and Prehooks pages), a plain-text file vault in
 * {@link #VAULT_DIR}, a short webhook retry schedule, metrics on, and a truststore that trusts the test receivers' TLS certificate ({@link TestTls}).
 * Every test class that uses this configuration shares one server start.
 */
public class HooksServerConfig implements KeycloakServerConfig {

    /** Shortened from docs/webhooks.md#delivery's schedule so retry, dead-letter and redelivery tests finish in seconds. */
    public static final String RETRY_SCHEDULE = "1s,1s,1s";

    /** Keycloak's file vault: a secret {@code ${vault.key}} of realm r is the file {@code r_key}. */
    public static final Path VAULT_DIR = Path.of("target", "test-vault").toAbsolutePath();

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        try {
            Files.createDirectories(VAULT_DIR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config.dependencyCurrentProject()
                .features(Profile.Feature.DECLARATIVE_UI)
                .option("vault", "file")
                .option("vault-dir", VAULT_DIR.toString())
                .option("truststore-paths", TestTls.certificatePem().toString())
                .option("spi-hooks--default--retry-schedule", RETRY_SCHEDULE)
                .option("metrics-enabled", "true");
    }

    /** Puts a secret into the file vault for a realm; Keycloak reads it at every use. */
    public static void putVaultSecret(String realm, String key, String value) {
        try {
            Files.writeString(VAULT_DIR.resolve(realm.replace("_", "__") + "_" + key.replace("_", "__")), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
