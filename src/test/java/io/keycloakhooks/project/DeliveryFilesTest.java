package io.keycloakhooks.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The files users run beside the jar name the Keycloak release the jar is tested against. */
class DeliveryFilesTest {

    private final String serverVersion = System.getProperty("keycloak.server.version");

    @Test
    void dockerComposeRunsTheTestedKeycloakWithTheProjectFolders() throws IOException {
        String compose = Files.readString(Path.of("docker-compose.yml"));
        Matcher image = Pattern.compile("image: quay\\.io/keycloak/keycloak:(\\S+)").matcher(compose);
        assertTrue(image.find(), "docker-compose.yml runs the official Keycloak image");
        assertEquals(serverVersion, image.group(1));
        assertTrue(compose.contains("./providers:/opt/keycloak/providers"), "providers/ mounted");
        assertTrue(compose.contains("./themes:/opt/keycloak/themes"), "themes/ mounted");
        assertTrue(compose.contains("--features=declarative-ui"), "admin console pages enabled");
        assertTrue(compose.contains("KC_DB: postgres"), "PostgreSQL as the database");
    }

    @Test
    void demoThemeExtendsKeycloakV2AndAddsItsStyles() throws IOException {
        Path theme = Path.of("themes", "hooks-demo", "login");
        String properties = Files.readString(theme.resolve("theme.properties"));
        assertTrue(properties.contains("parent=keycloak.v2"));
        assertTrue(properties.contains("css/hooks.css"));
        assertTrue(Files.isRegularFile(theme.resolve("resources/css/hooks.css")));
        String demoRealm = Files.readString(Path.of("demo", "realm", "demo-realm.json"));
        assertTrue(demoRealm.contains("\"loginTheme\": \"hooks-demo\""), "the demo realm uses the demo theme");
    }
}
