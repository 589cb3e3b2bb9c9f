package org.efp.dr.failover.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.Topics;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.failover.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.junit.jupiter.api.Test;

/**
 * Nobody asks: a killed cache is noticed by failover-service's own probe (authenticated PING), declared an outage,
 * recovered by the runbook's restart once Redis is back (as its pod would be), warmed, and the incident resolved.
 */
@QuarkusTest
@WithTestResource(FailoverTestResources.class)
class CacheProbeIT {

    @Inject
    KubernetesClient kubernetes;

    @Test
    void aKilledCacheIsDetectedByTheProbeRecoveredWarmAndResolvedWithoutAnyoneAsking() {
        // Given
        kubernetes.apps().deployments().inNamespace(kubernetes.getNamespace()).resource(new DeploymentBuilder()
                .withNewMetadata().withName("redis").endMetadata().withNewSpec().withReplicas(1).endSpec().build())
                .createOr(d -> d.update());
        var redis = FailoverTestResources.redis();
        Instant since = Instant.now();

        // When: Redis dies, and comes back (empty) as soon as the platform declared it down, as its pod would
        ProcessHandle process = ProcessHandle.of(redis.pid()).orElseThrow();
        process.destroyForcibly();
        process.onExit().join();
        String incidentId;
        try {
            incidentId = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> openCacheIncident(since), id -> id != null);
        } finally {
            redis.start();
        }

        // Then
        OutageDetected outage = TestEvents.await(Topics.INCIDENTS, OutageDetected.class,
                o -> o.incidentId().equals(incidentId), Duration.ofSeconds(20));
        assertThat(outage.source()).isEqualTo("health-probe");
        assertThat(outage.impact()).contains("did not answer PING", "3 consecutive probes")
                .doesNotContain(redis.password());
        RecoveryCompleted done = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                c -> incidentId.equals(c.incidentId()), Duration.ofSeconds(60));
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(done.details()).containsEntry("cache.warmPercent", "100");
        assertThat(Long.parseLong(redis.command("DBSIZE", true))).isPositive();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Callers.viewer().when()
                .get("/api/v1/incidents/" + incidentId)
                .then().statusCode(200).body("incident.status", equalTo("RESOLVED")));
    }

    /** The id of a cache incident detected since {@code since} and still open, or null. */
    private static String openCacheIncident(Instant since) {
        List<Map<String, Object>> incidents = Callers.viewer().get("/api/v1/incidents?limit=10").then()
                .statusCode(200).extract().jsonPath().getList("$");
        return incidents.stream().filter(i -> "cache".equals(i.get("component")) && "OPEN".equals(i.get("status"))
                && !Instant.parse(String.valueOf(i.get("detectedAt"))).isBefore(since))
                .map(i -> String.valueOf(i.get("incidentId"))).findFirst().orElse(null);
    }
}
