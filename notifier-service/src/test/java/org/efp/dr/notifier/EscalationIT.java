package org.efp.dr.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.IncidentResolved;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.Severity;
import org.efp.dr.notifier.support.MailAndChatResources;
import org.efp.dr.notifier.support.Mailbox;
import org.efp.dr.notifier.support.NotifierTestServers;
import org.efp.dr.notifier.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DrTestResources.class)
@WithTestResource(MailAndChatResources.class)
class EscalationIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void anUnacknowledgedCriticalIncidentEscalatesToTheSecondaryContact() {
        // Given
        OutageDetected outage = TestEvents.outage(TestEvents.incidentId(), "database", Severity.CRITICAL);

        // When
        TestEvents.send(outage);

        // Then
        Mailbox.Email escalation = await().atMost(TIMEOUT).until(() -> escalations(outage.incidentId()),
                m -> !m.isEmpty()).get(0);
        assertThat(escalation.to()).isEqualTo("db-backup@company.com");
        assertThat(escalation.body()).contains("ESCALATION: not acknowledged by db-lead@company.com",
                "ALERT: System outage detected", "/api/incidents/" + outage.incidentId() + "/acknowledge");
        assertThat(NotifierTestServers.mailbox().withSubjectContaining(outage.incidentId()))
                .extracting(Mailbox.Email::to).containsExactlyInAnyOrder("db-lead@company.com", "db-backup@company.com");
    }

    @Test
    void anAcknowledgedCriticalIncidentDoesNotEscalate() {
        // Given
        OutageDetected acknowledged = TestEvents.outage(TestEvents.incidentId(), "database", Severity.CRITICAL);
        CloudEvent event = TestEvents.send(acknowledged);
        await().atMost(TIMEOUT).until(() -> TestEvents.processed(event.id()));

        // When
        Callers.operator()
                .when().post("/api/incidents/" + acknowledged.incidentId() + "/acknowledge")
                .then().statusCode(200)
                .body("acknowledgedBy", equalTo(Callers.OPERATOR));

        // Then
        OutageDetected later = TestEvents.outage(TestEvents.incidentId(), "database", Severity.CRITICAL);
        TestEvents.send(later);
        await().atMost(TIMEOUT).until(() -> escalations(later.incidentId()), m -> !m.isEmpty());
        assertThat(NotifierTestServers.mailbox().withSubjectContaining(acknowledged.incidentId()))
                .extracting(Mailbox.Email::to).containsExactly("db-lead@company.com");
        assertThat(TestEvents.count("SELECT count(*) FROM notifier.escalation WHERE status <> 'ACKNOWLEDGED' "
                + "AND incident_id = '" + acknowledged.incidentId() + "'")).isZero();
    }

    @Test
    void anIncidentThatEndedBeforeAnyoneAcknowledgedItDoesNotEscalate() {
        // Given: a critical outage, told to the primary contact
        OutageDetected ended = TestEvents.outage(TestEvents.incidentId(), "database", Severity.CRITICAL);
        CloudEvent event = TestEvents.send(ended);
        await().atMost(TIMEOUT).until(() -> TestEvents.processed(event.id()));

        // When: failover-service says it is over
        CloudEvent resolved = TestEvents.send(new IncidentResolved(ended.incidentId(), "database", Instant.now(),
                "health-probe"));
        await().atMost(TIMEOUT).until(() -> TestEvents.processed(resolved.id()));

        // Then: a later outage escalates as usual, this one's timer ended without waking the secondary contact
        OutageDetected later = TestEvents.outage(TestEvents.incidentId(), "database", Severity.CRITICAL);
        TestEvents.send(later);
        await().atMost(TIMEOUT).until(() -> escalations(later.incidentId()), m -> !m.isEmpty());
        assertThat(escalations(ended.incidentId())).isEmpty();
        assertThat(TestEvents.count("SELECT count(*) FROM notifier.escalation WHERE status = 'INCIDENT_RESOLVED' "
                + "AND incident_id = '" + ended.incidentId() + "'")).isEqualTo(1);
    }

    @Test
    void anEscalationTimerLeftByAPreviousProcessStillFires() {
        // Given
        String incidentId = TestEvents.incidentId();
        String messageId = UUID.randomUUID().toString();
        TestEvents.infra().stateDb().execute(Infrastructure.STATE_DATABASE, """
                INSERT INTO notifier.message (id, kind, group_key, incident_id, team, severity, templates, subject, body,
                    first_event_time, cause_event_id)
                VALUES ('%1$s', 'NOTICE', '%2$s', '%2$s', 'ml', 'CRITICAL', 'outage_detected',
                    '[CRITICAL] ml-models: outage_detected (incident %2$s)', 'ALERT: System outage detected',
                    now() - interval '20 minutes', 'evt-%2$s');
                INSERT INTO notifier.escalation (message_id, incident_id, team, severity, due_at)
                VALUES ('%1$s', '%2$s', 'ml', 'CRITICAL', now() - interval '5 minutes');
                """.formatted(messageId, incidentId));

        // When
        List<Mailbox.Email> sent = await().atMost(TIMEOUT).until(() -> escalations(incidentId), m -> !m.isEmpty());

        // Then
        assertThat(sent).extracting(Mailbox.Email::to).containsExactly("ml-backup@company.com");
        assertThat(TestEvents.count("SELECT count(*) FROM notifier.escalation WHERE status = 'ESCALATED' "
                + "AND incident_id = '" + incidentId + "'")).isEqualTo(1);
    }

    @Test
    void acknowledgingNeedsALogin() {
        // Given
        String incidentId = TestEvents.incidentId();

        // When / Then
        given().when().post("/api/incidents/" + incidentId + "/acknowledge").then().statusCode(401);
    }

    @Test
    void acknowledgingAnIncidentNobodyWasToldAboutIsNotFound() {
        // Given
        String incidentId = TestEvents.incidentId();

        // When / Then
        Callers.operator()
                .when().post("/api/incidents/" + incidentId + "/acknowledge")
                .then().statusCode(404)
                .body("error", containsString(incidentId));
    }

    private static List<Mailbox.Email> escalations(String incidentId) {
        return NotifierTestServers.mailbox().withSubjectContaining(incidentId).stream()
                .filter(e -> e.subject().startsWith("[ESCALATION]")).toList();
    }
}
