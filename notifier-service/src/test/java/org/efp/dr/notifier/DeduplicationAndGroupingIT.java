package org.efp.dr.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryStarted;
import org.efp.dr.common.events.Severity;
import org.efp.dr.notifier.support.MailAndChatResources;
import org.efp.dr.notifier.support.Mailbox;
import org.efp.dr.notifier.support.NotifierTestServers;
import org.efp.dr.notifier.support.TestEvents;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
@WithTestResource(MailAndChatResources.class)
class DeduplicationAndGroupingIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void theSameEventDeliveredTwiceAndRepeatedNewsProduceOneEmail() {
        // Given
        OutageDetected outage = TestEvents.outage(TestEvents.incidentId(), "api", Severity.HIGH);
        CloudEvent event = TestEvents.wrap(outage);
        CloudEvent sameNewsAgain = TestEvents.wrap(outage);

        // When
        TestEvents.send(event);
        TestEvents.send(event);
        TestEvents.send(sameNewsAgain);

        // Then
        await().atMost(TIMEOUT).until(() -> TestEvents.processed(event.id()) && TestEvents.processed(sameNewsAgain.id()));
        await().atMost(TIMEOUT).until(() -> TestEvents.count("SELECT count(*) FROM notifier.delivery d JOIN "
                + "notifier.message m ON m.id = d.message_id WHERE d.status = 'SENT' AND m.incident_id = '"
                + outage.incidentId() + "'") == 2);
        assertThat(NotifierTestServers.mailbox().withSubjectContaining(outage.incidentId())).hasSize(1);
        assertThat(NotifierTestServers.chat().bodiesContaining(outage.incidentId())).hasSize(1);
    }

    @Test
    void aBurstOfEventsForOneIncidentIsGroupedIntoOneMessage() {
        // Given
        String incidentId = TestEvents.incidentId();
        OutageDetected outage = TestEvents.outage(incidentId, "database", Severity.HIGH);
        Instant started = TestEvents.now();
        RecoveryStarted recovery = new RecoveryStarted(incidentId, "rec-" + UUID.randomUUID(), "database",
                RecoveryAction.DATABASE_FAILOVER, started, started.plus(Duration.ofMinutes(10)),
                List.of("promote standby", "repoint clients"));

        // When
        TestEvents.sendAll(TestEvents.wrap(outage), TestEvents.wrap(recovery));

        // Then
        List<Mailbox.Email> emails = await().atMost(TIMEOUT).until(
                () -> NotifierTestServers.mailbox().withSubjectContaining(incidentId), m -> !m.isEmpty());
        assertThat(emails).hasSize(1);
        assertThat(emails.get(0).to()).isEqualTo("db-lead@company.com");
        assertThat(emails.get(0).subject()).contains("outage_detected + recovery_started");
        assertThat(emails.get(0).body()).contains("ALERT: System outage detected", "UPDATE: Recovery procedure initiated",
                "Estimated Duration: 10m", "Current Status: IN_PROGRESS (DATABASE_FAILOVER)");
    }
}
