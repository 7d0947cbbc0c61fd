package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

/** The one jar operators install: the project's own code only (it needs nothing Keycloak does not ship), copied into providers/. */
class ShippedJarIT {

    private final Path jar = Path.of(System.getProperty("shipped.jar"));

    @Test
    void holdsOnlyTheProjectsOwnCode() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> names = file.stream().map(ZipEntry::getName).toList();
            assertTrue(names.contains("io/keycloakhooks/runtime/HooksSpi.class"), "the extension's classes inside");
            List<String> foreign = names.stream()
                    .filter(n -> !n.startsWith("io/keycloakhooks/") && !n.startsWith("META-INF/")
                            && !n.startsWith("theme-resources/") && !n.equals("io/"))
                    .toList();
            assertEquals(List.of(), foreign, "no third-party or Keycloak classes in the jar");
            assertTrue(names.stream().noneMatch(n -> n.startsWith("io/keycloakhooks/shaded/")), "nothing shaded");
        }
    }

    @Test
    void registersTheAdminResource() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry services = file.getEntry(
                    "META-INF/services/org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory");
            String content = new String(file.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("io.keycloakhooks.admin.HooksAdminResourceProviderFactory", content.trim());
        }
    }

    @Test
    void aCopyIsInProviders() throws IOException {
        Path copy = Path.of("providers").resolve(jar.getFileName());
        assertTrue(Files.isRegularFile(copy), copy + " exists");
        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(copy));
    }
}
