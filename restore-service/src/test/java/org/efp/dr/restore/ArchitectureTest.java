package org.efp.dr.restore;

import org.efp.dr.testkit.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** restore-service's packages form a tree and use no other service's classes (see {@link ServiceArchitecture}). */
class ArchitectureTest {

    private static final ServiceArchitecture SERVICE = ServiceArchitecture.of("org.efp.dr.restore");

    @Test
    void theTopLevelPackagesAreFreeOfCycles() {
        SERVICE.topLevelPackagesAreFreeOfCycles();
    }

    @Test
    void noClassUsesAnotherServicesCode() {
        SERVICE.onlyCommonAndItsOwnPackagesAreUsed();
    }
}
