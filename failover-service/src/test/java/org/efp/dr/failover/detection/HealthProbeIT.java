package org.efp.dr.failover.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.IncidentResolved;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.Topics;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.failover.support.FakeHealthEndpoint;
import org.efp.dr.failover.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FailoverTestResources.class)
class HealthProbeIT {

    @Test
    void unhealthyEndpointIsDeclaredAfterConsecutiveFailuresAndResolvedWhenHealthyAgain() {
        // Given
        FakeHealthEndpoint endpoint = FakeHealthEndpoint.shared();

        // When
        endpoint.answer(503);

        // Then
        OutageDetected outage = TestEvents.await(Topics.INCIDENTS, OutageDetected.class,
                o -> o.component().equals("reporting-api") && o.source().equals("health-probe"),
                Duration.ofSeconds(20));
        assertThat(outage.impact()).contains("answered 503").contains("3 consecutive probes");
        assertThat(Duration.between(outage.outageStartedAt(), outage.detectedAt())).isGreaterThanOrEqualTo(
                Duration.ofMillis(500));
        endpoint.answer(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Callers.viewer().when()
                .get("/api/v1/incidents/" + outage.incidentId())
                .then().statusCode(200).body("incident.status", equalTo("RESOLVED")));
        IncidentResolved resolved = TestEvents.await(Topics.INCIDENTS, IncidentResolved.class,
                r -> r.incidentId().equals(outage.incidentId()), Duration.ofSeconds(20));
        assertThat(resolved.resolvedBy()).isEqualTo("health-probe");
        assertThat(resolved.resolvedAt()).isAfter(outage.detectedAt());
    }

    @Test
    void aComponentLostAgainWhileItsRecoveryStillRunsIsRecoveredAnewWhenThatRecoveryEnds() {
        // Given: a timeseries outage whose restore (asked of restore-service) is still running
        FakeHealthEndpoint timeseries = FakeHealthEndpoint.named("timeseries");
        Instant since = Instant.now();
        timeseries.answer(503);
        OutageDetected first = TestEvents.await(Topics.INCIDENTS, OutageDetected.class,
                o -> o.component().equals("timeseries") && !o.detectedAt().isBefore(since), Duration.ofSeconds(20));
        RecoveryRequested restore = TestEvents.await(Topics.COMMANDS, RecoveryRequested.class,
                r -> first.incidentId().equals(r.incidentId()), Duration.ofSeconds(20));
        assertThat(restore.action()).isEqualTo(RecoveryAction.RESTORE_DATABASE);
        timeseries.answer(200);
        awaitStatus(first.incidentId(), "RESOLVED");

        try {
            // When: it is lost again before that restore ends (the new incident joins it), then it ends
            timeseries.answer(503);
            OutageDetected second = TestEvents.await(Topics.INCIDENTS, OutageDetected.class,
                    o -> o.component().equals("timeseries") && !o.incidentId().equals(first.incidentId())
                            && !o.detectedAt().isBefore(since), Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Callers.viewer().when()
                    .get("/api/v1/incidents/" + second.incidentId()).then().statusCode(200)
                    .body("incident.decision", containsString("joined recovery " + restore.recoveryId())));
            completed(restore, RecoveryStatus.FAILED);

            // Then: the component, still down, gets a recovery of its own
            RecoveryRequested again = TestEvents.await(Topics.COMMANDS, RecoveryRequested.class,
                    r -> second.incidentId().equals(r.incidentId()), Duration.ofSeconds(20));
            assertThat(again.action()).isEqualTo(RecoveryAction.RESTORE_DATABASE);
            assertThat(again.recoveryId()).isNotEqualTo(restore.recoveryId());
            completed(again, RecoveryStatus.SUCCEEDED);
            timeseries.answer(200);
            awaitStatus(second.incidentId(), "RESOLVED");
        } finally {
            timeseries.answer(200);
        }
    }

    @Test
    void aRecoveryThatFailsWhileTheComponentStaysDownIsTriedAgainUpToTheRunbooksLimit() {
        // Given: a timeseries outage, its restore asked of restore-service
        FakeHealthEndpoint timeseries = FakeHealthEndpoint.named("timeseries");
        Instant since = Instant.now();
        timeseries.answer(503);
        try {
            OutageDetected outage = TestEvents.await(Topics.INCIDENTS, OutageDetected.class,
                    o -> o.component().equals("timeseries") && !o.detectedAt().isBefore(since),
                    Duration.ofSeconds(20));
            List<String> tried = new java.util.ArrayList<>();
            for (int attempt = 1; attempt <= 3; attempt++) {
                RecoveryRequested restore = TestEvents.await(Topics.COMMANDS, RecoveryRequested.class,
                        r -> outage.incidentId().equals(r.incidentId()) && !tried.contains(r.recoveryId()),
                        Duration.ofSeconds(20));
                assertThat(restore.action()).isEqualTo(RecoveryAction.RESTORE_DATABASE);
                tried.add(restore.recoveryId());

                // When: each try fails while timeseries stays down
                completed(restore, RecoveryStatus.FAILED);
            }

            // Then: three tries, then the incident stays open and asks for an operator
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Callers.viewer().when()
                    .get("/api/v1/incidents/" + outage.incidentId()).then().statusCode(200)
                    .body("incident.status", equalTo("OPEN"))
                    .body("incident.decision", containsString("3 of 3 tries used"))
                    .body("incident.decision", containsString("an operator must act")));
            assertThat(TestEvents.all(Topics.COMMANDS, outage.incidentId(), RecoveryRequested.class,
                    Duration.ofSeconds(3)).stream().map(RecoveryRequested::recoveryId).distinct())
                    .containsExactlyInAnyOrderElementsOf(tried);
            timeseries.answer(200);
            awaitStatus(outage.incidentId(), "RESOLVED");
        } finally {
            timeseries.answer(200);
        }
    }

    private static void awaitStatus(String incidentId, String status) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Callers.viewer().when()
                .get("/api/v1/incidents/" + incidentId).then().statusCode(200).body("incident.status",
                        equalTo(status)));
    }

    /** restore-service's answer to {@code request}. */
    private static void completed(RecoveryRequested request, RecoveryStatus status) {
        Instant now = Instant.now();
        TestEvents.send(Topics.RECOVERIES, request.incidentId(), EventCodec.encode(EventCodec.wrap(
                new RecoveryCompleted(request.incidentId(), request.recoveryId(), request.component(),
                        request.action(), status, now.minusSeconds(5), now, null, null, null,
                        status == RecoveryStatus.SUCCEEDED ? null : "restored database lost again", List.of()),
                "restore-service", Clock.systemUTC())));
    }
}
