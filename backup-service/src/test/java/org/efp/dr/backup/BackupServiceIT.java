package org.efp.dr.backup;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.BackupKind;
import org.efp.dr.common.events.BackupRequested;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.ServiceProbe;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class BackupServiceIT {

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
        CloudEvent valid = EventCodec.wrap(new BackupRequested("req-" + UUID.randomUUID(), "energy_forecast", BackupKind.FULL, "test", "operator", Instant.now()), "operator", Clock.systemUTC());

        // When / Then
        ServiceProbe.assertPoisonDeadLetteredAndConsumingGoesOn("dr.commands", EventCodec.encode(valid), valid.id(), "backup");
    }

    @Test
    void aCommandClaimingToComeFromTheNotifierIsDeadLetteredAsForged() {
        // Given
        CloudEvent forged = EventCodec.wrap(new BackupRequested("req-" + UUID.randomUUID(), "energy_forecast", BackupKind.FULL, "test", "operator", Instant.now()), "notifier-service", Clock.systemUTC());
        CloudEvent valid = EventCodec.wrap(new BackupRequested("req-" + UUID.randomUUID(), "energy_forecast", BackupKind.FULL, "test", "operator", Instant.now()), "operator", Clock.systemUTC());

        // When / Then
        ServiceProbe.assertForgedSourceDeadLetteredAndConsumingGoesOn("dr.commands", EventCodec.encode(forged),
                EventCodec.encode(valid), valid.id(), "backup", "backup-service");
    }
}
