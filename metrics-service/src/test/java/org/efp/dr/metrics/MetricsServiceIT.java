package org.efp.dr.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryStarted;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.ServiceProbe;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class MetricsServiceIT {

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
        CloudEvent valid = EventCodec.wrap(new RecoveryStarted("inc-" + UUID.randomUUID(), "rec-1", "database", RecoveryAction.RESTORE_DATABASE, Instant.now(), Instant.now().plusSeconds(600), List.of("restore")), "failover-service", Clock.systemUTC());

        // When / Then
        ServiceProbe.assertPoisonDeadLetteredAndConsumingGoesOn("dr.recoveries", EventCodec.encode(valid), valid.id(), "metrics");
    }

    @Test
    void aRecoveryEventClaimingToComeFromAnOperatorIsDeadLetteredAsForged() {
        // Given
        CloudEvent forged = EventCodec.wrap(new RecoveryStarted("inc-" + UUID.randomUUID(), "rec-1", "database", RecoveryAction.RESTORE_DATABASE, Instant.now(), Instant.now().plusSeconds(600), List.of("restore")), "operator", Clock.systemUTC());
        CloudEvent valid = EventCodec.wrap(new RecoveryStarted("inc-" + UUID.randomUUID(), "rec-1", "database", RecoveryAction.RESTORE_DATABASE, Instant.now(), Instant.now().plusSeconds(600), List.of("restore")), "failover-service", Clock.systemUTC());

        // When / Then
        ServiceProbe.assertForgedSourceDeadLetteredAndConsumingGoesOn("dr.recoveries", EventCodec.encode(forged),
                EventCodec.encode(valid), valid.id(), "metrics", "metrics-service");
    }
}
