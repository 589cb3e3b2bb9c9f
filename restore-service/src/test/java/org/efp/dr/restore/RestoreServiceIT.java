package org.efp.dr.restore;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.DrillRequested;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.ServiceProbe;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class RestoreServiceIT {

    @Test
    void reportsReadyWithItsDatabaseAndKafka() {
        ServiceProbe.assertReadyWithDatabaseAndKafka();
    }

    @Test
    void exposesPrometheusMetrics() {
        ServiceProbe.assertExposesPrometheusMetrics();
    }

    @Test
    void poisonRecordIsDeadLetteredWithItsReasonAndConsumingGoesOn() {
        // Given
        CloudEvent valid = EventCodec.wrap(new DrillRequested("drill-" + UUID.randomUUID(), "database_recovery", "full", "operator", Instant.now()), "operator", Clock.systemUTC());

        // When / Then
        ServiceProbe.assertPoisonDeadLetteredAndConsumingGoesOn("dr.commands", EventCodec.encode(valid), valid.id(), "restore");
    }

    @Test
    void aDrillRequestClaimingToComeFromMetricsIsDeadLetteredAsForged() {
        // Given
        CloudEvent forged = EventCodec.wrap(new DrillRequested("drill-" + UUID.randomUUID(), "database_recovery", "full", "operator", Instant.now()), "metrics-service", Clock.systemUTC());
        CloudEvent valid = EventCodec.wrap(new DrillRequested("drill-" + UUID.randomUUID(), "database_recovery", "full", "operator", Instant.now()), "operator", Clock.systemUTC());

        // When / Then
        ServiceProbe.assertForgedSourceDeadLetteredAndConsumingGoesOn("dr.commands", EventCodec.encode(forged),
                EventCodec.encode(valid), valid.id(), "restore", "restore-service");
    }
}
