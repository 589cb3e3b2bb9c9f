package org.efp.dr.failover.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.Topics;
import org.efp.dr.failover.support.Deployments;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.failover.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FailoverTestResources.class)
class SystemRecoverySagaIT {

    @Inject
    KubernetesClient kubernetes;

    private Deployments deployments() {
        return new Deployments(kubernetes);
    }

    private static String startSystemRecovery(String parameters) {
        return Callers.operator().contentType(ContentType.JSON)
                .body("{\"action\":\"SYSTEM_RECOVERY\",\"parameters\":" + parameters + "}")
                .when().post("/api/v1/recoveries").then().statusCode(202).extract().path("recoveryId");
    }

    @Test
    void sagaStopsAtTheFailingDatabaseStepAlertsAndRollsBackTheInfrastructure() {
        // Given
        deployments().set("ingress-controller", 0);
        String sagaId = startSystemRecovery("{}");
        RecoveryRequested restore = TestEvents.await(Topics.COMMANDS, RecoveryRequested.class,
                r -> r.recoveryId().equals(sagaId + ":databases"), Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deployments().replicas("ingress-controller")).isOne());

        // When
        Instant now = Instant.now();
        TestEvents.send(Topics.RECOVERIES, restore.incidentId(), EventCodec.encode(EventCodec.wrap(
                new RecoveryCompleted(restore.incidentId(), restore.recoveryId(), "database",
                        RecoveryAction.RESTORE_DATABASE, RecoveryStatus.FAILED, now, now, null, null, null,
                        "backup checksum mismatch", List.of()), "restore-service", Clock.systemUTC())));

        // Then
        RecoveryCompleted saga = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                c -> c.recoveryId().equals(sagaId), Duration.ofSeconds(30));
        assertThat(saga.status()).isEqualTo(RecoveryStatus.ROLLED_BACK);
        assertThat(saga.error()).isEqualTo("Recovery failed at databases: backup checksum mismatch");
        assertThat(saga.nextSteps()).anyMatch(s -> s.contains("infrastructure"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deployments().replicas("ingress-controller")).isZero());
        assertThat(TestEvents.all(Topics.COMMANDS, restore.incidentId(), RecoveryRequested.class,
                Duration.ofSeconds(1))).noneMatch(r -> r.recoveryId().equals(sagaId + ":cache"));
    }

    @Test
    void aStepWithoutAnAnswerTimesOutAndStopsTheSaga() {
        // Given
        deployments().set("ingress-controller", 0);

        // When
        String sagaId = startSystemRecovery("{\"timeout.databases\":\"PT2S\"}");

        // Then
        RecoveryCompleted saga = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                c -> c.recoveryId().equals(sagaId), Duration.ofSeconds(40));
        assertThat(saga.status()).isEqualTo(RecoveryStatus.ROLLED_BACK);
        assertThat(saga.error()).startsWith("Recovery failed at databases: no RecoveryCompleted");
    }
}
