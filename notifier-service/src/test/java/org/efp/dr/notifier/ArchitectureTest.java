package org.efp.dr.notifier;

import org.efp.dr.testkit.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** notifier-service's packages form a tree and use no other service's classes (see {@link ServiceArchitecture}). */
class ArchitectureTest {

    private static final ServiceArchitecture SERVICE = ServiceArchitecture.of("org.efp.dr.notifier");

    @Test
    void theTopLevelPackagesAreFreeOfCycles() {
        SERVICE.topLevelPackagesAreFreeOfCycles();
    }

    @Test
    void noClassUsesAnotherServicesCode() {
        SERVICE.onlyCommonAndItsOwnPackagesAreUsed();
    }
}
