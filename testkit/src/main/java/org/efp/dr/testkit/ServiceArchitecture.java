package org.efp.dr.testkit;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The rules every service's packages keep (its {@code ArchitectureTest} calls them): its top-level packages depend
 * on each other without cycles, so they form a tree; and its classes use only their own packages,
 * {@code org.efp.dr.common} and libraries, never another service's classes.
 */
public final class ServiceArchitecture {

    private final String root;
    private final JavaClasses classes;

    private ServiceArchitecture(String root) {
        this.root = root;
        this.classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(root);
    }

    /** The production classes under {@code root}, e.g. {@code org.efp.dr.notifier}. */
    public static ServiceArchitecture of(String root) {
        return new ServiceArchitecture(root);
    }

    /** Fails, naming each cycle, when the top-level packages under the root depend on each other in a cycle. */
    public void topLevelPackagesAreFreeOfCycles() {
        slices().matching(root + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    /** Fails, naming each dependency, when a class uses project code other than its own and {@code common}. */
    public void onlyCommonAndItsOwnPackagesAreUsed() {
        noClasses().that().resideInAPackage(root + "..")
                .should().dependOnClassesThat(resideInAPackage("org.efp.dr..")
                        .and(resideOutsideOfPackages(root + "..", "org.efp.dr.common.."))
                        .as("reside in another module of org.efp.dr (another service)"))
                .check(classes);
    }
}
