package org.efp.dr.notifier;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.BackupFailed;
import org.efp.dr.common.events.BackupKind;
import org.efp.dr.notifier.support.MailAndChatResources;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.ServiceProbe;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
@WithTestResource(MailAndChatResources.class)
class NotifierServiceIT {

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
        CloudEvent valid = EventCodec.wrap(new BackupFailed("bk-" + UUID.randomUUID(), "energy_forecast", BackupKind.FULL, "S3_UNAVAILABLE", "503", Instant.now().minusSeconds(5), Instant.now(), null), "backup-service", Clock.systemUTC());

        // When / Then
        ServiceProbe.assertPoisonDeadLetteredAndConsumingGoesOn("dr.backups", EventCodec.encode(valid), valid.id(), "notifier");
    }

    @Test
    void aBackupOutcomeClaimingToComeFromAnOperatorIsDeadLetteredAsForged() {
        // Given
        CloudEvent forged = EventCodec.wrap(new BackupFailed("bk-" + UUID.randomUUID(), "energy_forecast", BackupKind.FULL, "S3_UNAVAILABLE", "503", Instant.now().minusSeconds(5), Instant.now(), null), "operator", Clock.systemUTC());
        CloudEvent valid = EventCodec.wrap(new BackupFailed("bk-" + UUID.randomUUID(), "energy_forecast", BackupKind.FULL, "S3_UNAVAILABLE", "503", Instant.now().minusSeconds(5), Instant.now(), null), "backup-service", Clock.systemUTC());

        // When / Then
        ServiceProbe.assertForgedSourceDeadLetteredAndConsumingGoesOn("dr.backups", EventCodec.encode(forged),
                EventCodec.encode(valid), valid.id(), "notifier", "notifier-service");
    }
}
