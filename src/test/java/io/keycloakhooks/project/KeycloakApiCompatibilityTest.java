package io.keycloakhooks.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.keycloakhooks.project.ApiReferences.MemberRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * One jar for every supported Keycloak minor (docs/operations.md#supported-versions): every class, field and
 * method of Keycloak and its provided libraries (Micrometer, Hibernate, JAX-RS, JBoss Logging, Jackson, ...) that the
 * shipped classes use links, with its exact descriptor, against the libraries of each supported distribution
 * ({@code target/kc-api/<version>/}, unpacked by the build from the distribution zips).
 */
class KeycloakApiCompatibilityTest {

    private static final Path CLASSES = Path.of("target/classes");

    static List<String> versions() {
        String versions = System.getProperty("keycloak.api.versions");
        assertTrue(versions != null && !versions.isBlank(),
                "keycloak.api.versions is not set: run the check through Maven (./mvnw test)");
        return Arrays.stream(versions.split(",")).map(String::trim).toList();
    }

    private static String referenceVersion() {
        return System.getProperty("keycloak.server.version");
    }

    /** The distribution's class path: lib/lib/main and lib/lib/boot (where JBoss Logging lives). */
    static List<Path> libDir(String version) {
        Path lib = Path.of(System.getProperty("keycloak.api.dir", "target/kc-api"), version, "keycloak-" + version,
                "lib", "lib");
        List<Path> dirs = List.of(lib.resolve("main"), lib.resolve("boot"));
        for (Path dir : dirs) {
            assertTrue(Files.isDirectory(dir), "no libraries of Keycloak " + version + " in " + dir
                    + ": the build unpacks them in generate-test-resources (./mvnw test)");
        }
        return dirs;
    }

    @ParameterizedTest(name = "Keycloak {0}")
    @MethodSource("versions")
    void everyUsedKeycloakMemberLinksWithTheSameSignature(String version) throws IOException {
        ApiReferences refs = ApiReferences.scan(CLASSES);
        assertFalse(refs.members.isEmpty(), "no references found in " + CLASSES + ": compile first");
        try (ClassIndex index = new ClassIndex(CLASSES, libDir(version))) {
            List<String> problems = ApiCheck.problems(refs, index, version);
            assertTrue(problems.isEmpty(), problems.size() + " references of the shipped classes do not link on "
                    + "Keycloak " + version + ":\n  " + String.join("\n  ", problems));
        }
    }

    @ParameterizedTest(name = "Keycloak {0}")
    @MethodSource("versions")
    void everyOverriddenKeycloakMethodIsStillCalled(String version) throws IOException {
        ApiReferences refs = ApiReferences.scan(CLASSES);
        Set<String> expected;
        try (ClassIndex reference = new ClassIndex(CLASSES, libDir(referenceVersion()))) {
            expected = ApiCheck.overrides(refs, reference);
        }
        assertFalse(expected.isEmpty(), "the shipped providers override no Keycloak method: the check sees nothing");
        try (ClassIndex index = new ClassIndex(CLASSES, libDir(version))) {
            Set<String> missing = new LinkedHashSet<>(expected);
            missing.removeAll(ApiCheck.overrides(refs, index));
            assertTrue(missing.isEmpty(), "on Keycloak " + version + " these shipped methods override nothing, so "
                    + "Keycloak never calls them:\n  " + String.join("\n  ", missing));
        }
    }

    @Test
    void theReferencesCoverKeycloakAndTheProvidedLibraries() {
        ApiReferences refs = ApiReferences.scan(CLASSES);
        Set<String> owners = new LinkedHashSet<>();
        refs.members.forEach(m -> owners.add(m.owner().substring(0, m.owner().indexOf('/'))));
        for (String root : List.of("org", "io", "jakarta", "com")) {
            assertTrue(owners.contains(root), "no reference to " + root + "/** found; owners: " + owners);
        }
        assertTrue(refs.members.stream().anyMatch(m -> m.owner().startsWith("io/micrometer/")),
                "no Micrometer reference found");
        assertTrue(refs.members.stream().noneMatch(m -> m.owner().startsWith("java/")
                || m.owner().startsWith("io/keycloakhooks/")), "JDK and own references are not checked");
    }

    // The checker itself, on members known to have changed between the supported versions.

    @Test
    void aMemberWhoseReturnTypeChangedIsReportedWithClassMemberAndVersion() throws IOException {
        // IdentityProviderModel.isLinkOnly() returns boolean on 26.4 and Boolean from 26.5 on.
        MemberRef boxed = new MemberRef("org/keycloak/models/IdentityProviderModel", "isLinkOnly",
                "()Ljava/lang/Boolean;", false, Opcodes.INVOKEVIRTUAL, false, "Probe");
        MemberRef primitive = new MemberRef("org/keycloak/models/IdentityProviderModel", "isLinkOnly", "()Z", false,
                Opcodes.INVOKEVIRTUAL, false, "Probe");
        assertEquals(List.of("Keycloak 26.4.7: method org.keycloak.models.IdentityProviderModel.isLinkOnly"
                + "()Ljava/lang/Boolean; (used by Probe) does not exist with this signature"), check("26.4.7", boxed));
        assertEquals(List.of(), check("26.5.6", boxed));
        assertEquals(List.of(), check("26.4.7", primitive));
        assertEquals(1, check("26.5.6", primitive).size());
    }

    @Test
    void aMethodThatGainedAParameterIsReported() throws IOException {
        String owner = "org/keycloak/models/utils/KeycloakModelUtils";
        String args = "(Lorg/keycloak/models/KeycloakSession;Lorg/keycloak/models/RealmModel;"
                + "Lorg/keycloak/models/AuthenticationFlowModel;Ljava/lang/Runnable;Ljava/lang/Runnable;";
        MemberRef newer = new MemberRef(owner, "deepDeleteAuthenticationFlow", args + "Z)V", false,
                Opcodes.INVOKESTATIC, false, "Probe");
        MemberRef older = new MemberRef(owner, "deepDeleteAuthenticationFlow", args + ")V", false,
                Opcodes.INVOKESTATIC, false, "Probe");
        assertEquals(1, check("26.5.6", newer).size());
        assertEquals(List.of(), check(referenceVersion(), newer));
        assertEquals(List.of(), check("26.5.6", older));
        assertEquals(1, check(referenceVersion(), older).size());
    }

    @Test
    void inheritedMembersResolveAndWrongKindsDoNot() throws IOException {
        // getId() is declared on the abstract superclass of a UserModel implementation's interface chain.
        MemberRef inherited = new MemberRef("org/keycloak/models/UserModel", "getId", "()Ljava/lang/String;", false,
                Opcodes.INVOKEINTERFACE, true, "Probe");
        assertEquals(List.of(), check(referenceVersion(), inherited));
        MemberRef asClass = new MemberRef("org/keycloak/models/UserModel", "getId", "()Ljava/lang/String;", false,
                Opcodes.INVOKEVIRTUAL, false, "Probe");
        assertTrue(check(referenceVersion(), asClass).getFirst().endsWith("is an interface there"));
        MemberRef asStatic = new MemberRef("org/keycloak/models/utils/KeycloakModelUtils", "generateId",
                "()Ljava/lang/String;", false, Opcodes.INVOKEVIRTUAL, false, "Probe");
        assertTrue(check(referenceVersion(), asStatic).getFirst().endsWith("is static there"));
        MemberRef missingClass = new MemberRef("org/keycloak/NoSuchClass", "x", "()V", false, Opcodes.INVOKESTATIC,
                false, "Probe");
        assertTrue(check(referenceVersion(), missingClass).getFirst().contains("no class org.keycloak.NoSuchClass"));
    }

    @Test
    void aProviderMissingAnAbstractMethodAndAnOverrideOfANewerMethodAreReported(@TempDir Path classes)
            throws IOException {
        // A factory that implements none of ProviderFactory's abstract methods ...
        writeClass(classes, "probe/Factory", "java/lang/Object", "org/keycloak/provider/ProviderFactory");
        // ... and a model subclass overriding isLinkOnly() as 26.5 declares it (26.4 returns boolean there).
        ClassWriter model = new ClassWriter(0);
        model.visit(Opcodes.V21, Opcodes.ACC_PUBLIC, "probe/Model", null, "org/keycloak/models/IdentityProviderModel",
                null);
        MethodVisitor linkOnly = model.visitMethod(Opcodes.ACC_PUBLIC, "isLinkOnly", "()Ljava/lang/Boolean;", null,
                null);
        linkOnly.visitCode();
        linkOnly.visitInsn(Opcodes.ACONST_NULL);
        linkOnly.visitInsn(Opcodes.ARETURN);
        linkOnly.visitMaxs(1, 1);
        linkOnly.visitEnd();
        model.visitEnd();
        Files.createDirectories(classes.resolve("probe"));
        Files.write(classes.resolve("probe/Model.class"), model.toByteArray());

        ApiReferences refs = ApiReferences.scan(classes);
        try (ClassIndex index = new ClassIndex(classes, libDir(referenceVersion()))) {
            List<String> problems = ApiCheck.problems(refs, index, referenceVersion());
            assertTrue(problems.contains("Keycloak " + referenceVersion() + ": probe.Factory does not implement "
                    + "org.keycloak.provider.ProviderFactory.getId()Ljava/lang/String;, which is abstract there"),
                    String.join("\n", problems));
            assertTrue(ApiCheck.overrides(refs, index).contains("probe.Model.isLinkOnly()Ljava/lang/Boolean; "
                    + "overrides org.keycloak.models.IdentityProviderModel.isLinkOnly"));
        }
        try (ClassIndex index = new ClassIndex(classes, libDir("26.4.7"))) {
            assertEquals(Set.of(), ApiCheck.overrides(refs, index));
        }
    }

    private static void writeClass(Path dir, String name, String superName, String... interfaces) throws IOException {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V21, Opcodes.ACC_PUBLIC, name, null, superName, interfaces);
        writer.visitEnd();
        Path file = dir.resolve(name + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, writer.toByteArray());
    }

    private static List<String> check(String version, MemberRef ref) throws IOException {
        ApiReferences refs = ApiReferences.of(ref);
        try (ClassIndex index = new ClassIndex(null, libDir(version))) {
            return new ArrayList<>(ApiCheck.problems(refs, index, version));
        }
    }
}
