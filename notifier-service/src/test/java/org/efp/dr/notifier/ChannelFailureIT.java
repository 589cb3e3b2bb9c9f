package org.efp.dr.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import org.efp.dr.common.events.BackupFailed;
import org.efp.dr.common.events.BackupKind;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.Severity;
import org.efp.dr.notifier.support.MailAndChatResources;
import org.efp.dr.notifier.support.NotifierTestServers;
import org.efp.dr.notifier.support.TestEvents;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.ServiceProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
@WithTestResource(MailAndChatResources.class)
class ChannelFailureIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @AfterEach
    void bringSmtpBack() {
        NotifierTestServers.mailbox().start();
        circuitBreakers.resetAll();
    }

    @Test
    void aNotificationSentWhileSmtpIsDownIsDeliveredOnceItIsBackWithoutHoldingUpChat() {
        // Given
        OutageDetected outage = TestEvents.outage(TestEvents.incidentId(), "ml-models", Severity.HIGH);
        NotifierTestServers.mailbox().stop();
        TestEvents.send(outage);
        String emailRow = "SELECT count(*) FROM notifier.delivery d JOIN notifier.message m ON m.id = d.message_id "
                + "WHERE m.incident_id = '" + outage.incidentId() + "' AND d.channel = 'email' ";
        await().atMost(TIMEOUT).until(() -> TestEvents.count(emailRow
                + "AND d.status = 'PENDING' AND d.rounds >= 1 AND d.last_error IS NOT NULL") == 1);
        assertThat(NotifierTestServers.chat().bodiesContaining(outage.incidentId())).hasSize(1);

        // When
        NotifierTestServers.mailbox().start();

        // Then
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                NotifierTestServers.mailbox().withSubjectContaining("ml-models"))
                .anyMatch(e -> e.body().contains(outage.incidentId())));
        await().atMost(TIMEOUT).until(() -> TestEvents.count(emailRow + "AND d.status = 'SENT'") == 1);
        assertThat(TestEvents.count(emailRow + "AND d.status = 'FAILED'")).isZero();
    }

    @Test
    void aMalformedEventIsDeadLetteredAndTheNextEventIsStillEmailed() {
        // Given
        String backupId = "bk-" + UUID.randomUUID();
        Instant now = TestEvents.now();
        CloudEvent valid = EventCodec.wrap(new BackupFailed(backupId, "energy_forecast", BackupKind.FULL,
                "S3_UNAVAILABLE", "bucket answered 503", now.minusSeconds(30), now, null), "backup-service", Clock.systemUTC());

        // When
        ServiceProbe.DeadLettered dead = ServiceProbe.poisonThenValid("dr.backups", "{\"id\": 42",
                EventCodec.encode(valid), valid.id(), "notifier");

        // Then
        assertThat(dead.reason()).contains("MALFORMED_JSON");
        var email = await().atMost(TIMEOUT).until(() -> NotifierTestServers.mailbox().withSubjectContaining("energy_forecast"),
                m -> m.stream().anyMatch(e -> e.body().contains(backupId))).stream()
                .filter(e -> e.body().contains(backupId)).findFirst().orElseThrow();
        assertThat(email.to()).isEqualTo("db-lead@company.com");
        assertThat(email.body()).contains("ALERT: Backup failed", "Reason: S3_UNAVAILABLE",
                "Error: bucket answered 503");
    }
}
