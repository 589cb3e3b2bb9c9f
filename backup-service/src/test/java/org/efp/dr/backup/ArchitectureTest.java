package org.efp.dr.backup;

import org.efp.dr.testkit.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** backup-service's packages form a tree and use no other service's classes (see {@link ServiceArchitecture}). */
class ArchitectureTest {

    private static final ServiceArchitecture SERVICE = ServiceArchitecture.of("org.efp.dr.backup");

    @Test
    void theTopLevelPackagesAreFreeOfCycles() {
        SERVICE.topLevelPackagesAreFreeOfCycles();
    }

    @Test
    void noClassUsesAnotherServicesCode() {
        SERVICE.onlyCommonAndItsOwnPackagesAreUsed();
    }
}
