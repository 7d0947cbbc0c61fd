package io.keycloakhooks.call;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** {@code keycloak-hooks/<version>}, the version stamped into the jar at build time. */
public final class UserAgent {

    public static final String VERSION = readVersion();
    public static final String VALUE = "keycloak-hooks/" + VERSION;

    private UserAgent() {
    }

    private static String readVersion() {
        try (InputStream in = UserAgent.class.getResourceAsStream("/io/keycloakhooks/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
