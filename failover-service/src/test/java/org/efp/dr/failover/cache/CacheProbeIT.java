package org.efp.dr.failover.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.Topics;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.failover.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.RedisServer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Nobody asks: a killed cache is noticed by failover-service's own probe (authenticated PING), declared an outage,
 * recovered by the runbook's restart once Redis is back (as its pod would be), warmed, and the incident resolved.
 */
@QuarkusTest
@TestProfile(CacheProbeIT.Probing.class)
@WithTestResource(FailoverTestResources.class)
@Order(Integer.MAX_VALUE - 30)
class CacheProbeIT {

    /** The cache probe on, and the restarted cache given as long as in production to answer. */
    public static class Probing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The production wait for the restarted cache: the test brings Redis back only after it saw the outage.
            return Map.of("dr.failover.cache.probe", "true", "dr.failover.cache.ready-timeout", "60s");
        }
    }

    @Inject
    KubernetesClient kubernetes;

    @ConfigProperty(name = "test.redis.home")
    Path redisHome;

    @ConfigProperty(name = "dr.redis.url")
    URI redisUrl;

    @ConfigProperty(name = "dr.redis.password")
    String redisPassword;

    @Test
    void aKilledCacheIsDetectedByTheProbeRecoveredWarmAndResolvedWithoutAnyoneAsking() throws Exception {
        // Given
        kubernetes.apps().deployments().inNamespace(kubernetes.getNamespace()).resource(new DeploymentBuilder()
                .withNewMetadata().withName("redis").endMetadata().withNewSpec().withReplicas(1).endSpec().build())
                .createOr(d -> d.update());
        // (this class runs in its own class loader: the shared Redis is reached by its settings and pid file)
        RedisServer redis = new RedisServer(redisHome, redisUrl.getPort(), redisPassword);
        long pid = Long.parseLong(Files.readString(redisHome.resolve("redis.pid")).strip());

        // When: Redis dies, and comes back (empty) a little later, as its restarted pod would
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroyForcibly();
        process.onExit().join();
        OutageDetected outage;
        try {
            outage = TestEvents.await(Topics.INCIDENTS, OutageDetected.class,
                    o -> o.component().equals("cache") && o.source().equals("health-probe"), Duration.ofSeconds(20));
        } finally {
            redis.start();
            Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
        }

        // Then
        assertThat(outage.impact()).contains("did not answer PING", "3 consecutive probes")
                .doesNotContain(redis.password());
        RecoveryCompleted done = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                c -> c.incidentId() != null && c.incidentId().equals(outage.incidentId()), Duration.ofSeconds(60));
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(done.details()).containsEntry("cache.warmPercent", "100");
        assertThat(Long.parseLong(redis.command("DBSIZE", true))).isPositive();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Callers.viewer().when()
                .get("/api/v1/incidents/" + outage.incidentId())
                .then().statusCode(200).body("incident.status", equalTo("RESOLVED")));
    }
}
