package org.efp.dr.failover;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import org.efp.dr.failover.support.FailoverTestResources;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.Severity;
import org.efp.dr.testkit.ServiceProbe;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FailoverTestResources.class)
class FailoverServiceIT {

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
        CloudEvent valid = EventCodec.wrap(new OutageDetected("inc-" + UUID.randomUUID(), "reporting", Severity.LOW, "reports stale", "test", Instant.now().minusSeconds(5), Instant.now(), "fp"), "operator", Clock.systemUTC());

        // When / Then
        ServiceProbe.assertPoisonDeadLetteredAndConsumingGoesOn("dr.incidents", EventCodec.encode(valid), valid.id(), "failover");
    }

    @Test
    void anOutageClaimingToComeFromTheBackupServiceIsDeadLetteredAsForged() {
        // Given
        CloudEvent forged = EventCodec.wrap(new OutageDetected("inc-" + UUID.randomUUID(), "reporting", Severity.LOW, "reports stale", "test", Instant.now().minusSeconds(5), Instant.now(), "fp"), "backup-service", Clock.systemUTC());
        CloudEvent valid = EventCodec.wrap(new OutageDetected("inc-" + UUID.randomUUID(), "reporting", Severity.LOW, "reports stale", "test", Instant.now().minusSeconds(5), Instant.now(), "fp"), "operator", Clock.systemUTC());

        // When / Then
        ServiceProbe.assertForgedSourceDeadLetteredAndConsumingGoesOn("dr.incidents", EventCodec.encode(forged),
                EventCodec.encode(valid), valid.id(), "failover", "failover-service");
    }
}
