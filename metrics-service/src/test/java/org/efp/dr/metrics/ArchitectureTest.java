package org.efp.dr.metrics;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Keeps the metrics service's packages a tree and the service apart from the other services: its top-level packages
 * depend on each other without cycles, and its classes use only {@code org.efp.dr.common} and libraries, never
 * another service's classes.
 */
class ArchitectureTest {

    private static final JavaClasses METRICS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.efp.dr.metrics");

    @Test
    void theTopLevelPackagesAreFreeOfCycles() {
        slices().matching("org.efp.dr.metrics.(*)..")
                .should().beFreeOfCycles()
                .check(METRICS);
    }

    @Test
    void noClassDependsOnAnotherService() {
        noClasses().that().resideInAPackage("org.efp.dr.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.efp.dr.backup..", "org.efp.dr.restore..", "org.efp.dr.failover..",
                        "org.efp.dr.notifier..")
                .check(METRICS);
    }

    @Test
    void theOnlyProjectCodeUsedIsCommon() {
        noClasses().that().resideInAPackage("org.efp.dr.metrics..")
                .should().dependOnClassesThat(resideInAPackage("org.efp.dr..")
                        .and(resideOutsideOfPackages("org.efp.dr.metrics..", "org.efp.dr.common.."))
                        .as("reside in another module of org.efp.dr"))
                .check(METRICS);
    }
}
