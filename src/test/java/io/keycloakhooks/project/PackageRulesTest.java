package io.keycloakhooks.project;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

/** The package map of docs/architecture.md, enforced: a forbidden import fails the build. */
class PackageRulesTest {

    private static final String ROOT = "io.keycloakhooks";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
    }

    /** The model, the HTTP client, the tables and the log helper stand on Keycloak (and the text helper) alone. */
    @Test
    void leafPackagesUseNoOtherPackageOfTheProject() {
        for (String leaf : new String[] {"config", "transport", "outbox", "execlog", "logging", "text"}) {
            noClasses().that().resideInAPackage(ROOT + "." + leaf + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(otherThan(leaf))
                    .because(leaf + " is a leaf package (docs/architecture.md)")
                    .check(classes);
        }
    }

    /** runtime is the composition root: SPI entry points look services up there, the logic below never does. */
    @Test
    void onlyEntryPointsUseTheRuntime() {
        noClasses().that().resideInAnyPackage(packages("call", "config", "coverage", "delivery", "execlog", "format", "logging", "outbox",
                        "persistence", "prehook", "secrets", "store", "text", "transport", "webhook"))
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".runtime..")
                .because("the runtime wires the services; the logic gets what it needs passed in")
                .check(classes);
    }

    /** The hook store is the one write path for hook configuration. */
    @Test
    void onlyTheStoreWritesRealmAttributes() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".store..")
                .should().callMethod(RealmModel.class, "setAttribute", String.class, String.class)
                .orShould().callMethod(RealmModel.class, "removeAttribute", String.class)
                .because("every hook write goes through HookStore (validation, revision, history, listeners)")
                .check(classes);
    }

    @Test
    void deliveryAndPrehooksNeverReachTheAdminLayer() {
        noClasses().that().resideInAnyPackage(packages("call", "coverage", "delivery", "format", "prehook", "claims", "flow", "webhook",
                        "store", "secrets", "transport"))
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".admin..", ROOT + ".events..")
                .check(classes);
    }

    @Test
    void nothingInKeycloaksPackagesAndNoStandardStreams() {
        noClasses().should().resideInAPackage("org.keycloak..").check(classes);
        NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(classes);
    }

    private static String[] packages(String... names) {
        String[] result = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            result[i] = ROOT + "." + names[i] + "..";
        }
        return result;
    }

    /** Every package but {@code leaf}; {@code text} (bounding texts to their columns) is open to all. */
    private static String[] otherThan(String leaf) {
        return java.util.Arrays.stream(new String[] {"admin", "call", "claims", "config", "delivery", "events",
                        "execlog", "flow", "logging", "outbox", "persistence", "prehook", "runtime", "secrets", "store",
                        "transport", "webhook"})
                .filter(name -> !name.equals(leaf))
                .map(name -> ROOT + "." + name + "..")
                .toArray(String[]::new);
    }
}
