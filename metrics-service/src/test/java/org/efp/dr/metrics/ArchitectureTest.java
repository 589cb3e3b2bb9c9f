package org.efp.dr.metrics;

import org.efp.dr.testkit.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** metrics-service's packages form a tree and use no other service's classes (see {@link ServiceArchitecture}). */
class ArchitectureTest {

    private static final ServiceArchitecture SERVICE = ServiceArchitecture.of("org.efp.dr.metrics");

    @Test
    void theTopLevelPackagesAreFreeOfCycles() {
        SERVICE.topLevelPackagesAreFreeOfCycles();
    }

    @Test
    void noClassUsesAnotherServicesCode() {
        SERVICE.onlyCommonAndItsOwnPackagesAreUsed();
    }
}
