package org.efp.dr.failover;

import org.efp.dr.testkit.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** failover-service's packages form a tree and use no other service's classes (see {@link ServiceArchitecture}). */
class ArchitectureTest {

    private static final ServiceArchitecture SERVICE = ServiceArchitecture.of("org.efp.dr.failover");

    @Test
    void theTopLevelPackagesAreFreeOfCycles() {
        SERVICE.topLevelPackagesAreFreeOfCycles();
    }

    @Test
    void noClassUsesAnotherServicesCode() {
        SERVICE.onlyCommonAndItsOwnPackagesAreUsed();
    }
}
