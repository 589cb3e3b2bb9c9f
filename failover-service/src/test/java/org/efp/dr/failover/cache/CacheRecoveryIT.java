package org.efp.dr.failover.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.common.events.Topics;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.failover.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guide's cache recovery on a real Redis (with its password): a restart of component cache verifies the cache
 * answers and warms it from energy_forecast (the latest reading and forecast of each site), and its completion says
 * how warm it is; a cache that does not come back fails the recovery with the reason.
 */
@QuarkusTest
@WithTestResource(FailoverTestResources.class)
class CacheRecoveryIT {

    @Inject
    KubernetesClient kubernetes;

    @BeforeEach
    void redisDeployment() {
        kubernetes.apps().deployments().inNamespace(kubernetes.getNamespace()).resource(new DeploymentBuilder()
                .withNewMetadata().withName("redis").endMetadata().withNewSpec().withReplicas(1).endSpec().build())
                .createOr(d -> d.update());
    }

    private static String restartCache() {
        return Callers.operator().contentType(ContentType.JSON)
                .body("{\"action\":\"RESTART\",\"component\":\"cache\",\"target\":\"redis\"}")
                .when().post("/api/v1/recoveries").then().statusCode(202).extract().path("recoveryId");
    }

    private static long sites() {
        return TestInfrastructure.shared().primary().queryLong(Infrastructure.ENERGY_FORECAST,
                "SELECT count(DISTINCT site_id) FROM meter_readings");
    }

    @Test
    void aCacheThatWasKilledIsVerifiedAndWarmedAfterItsRestartAndTheCompletionSaysHowWarm() {
        // Given: Redis killed, so it comes back empty
        var redis = FailoverTestResources.redis();
        redis.close();
        long expected = 2 * sites();

        // When: the cache is restarted (its process comes back as its deployment's pod would)
        String recoveryId = restartCache();
        redis.start();

        // Then
        RecoveryCompleted done = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                c -> c.recoveryId().equals(recoveryId), Duration.ofSeconds(30));
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(done.details()).containsEntry("cache.keysExpected", String.valueOf(expected))
                .containsEntry("cache.keysLoaded", String.valueOf(expected))
                .containsEntry("cache.warmPercent", "100")
                .containsEntry("cache.address", redis.url());
        assertThat(done.details().toString()).doesNotContain(redis.password());
        assertThat(redis.command("DBSIZE", true)).isEqualTo(String.valueOf(expected));
        RecoveryStepCompleted verified = TestEvents.await(Topics.RECOVERIES, RecoveryStepCompleted.class,
                s -> s.recoveryId().equals(recoveryId) && s.step().equals("verify-cache"), Duration.ofSeconds(5));
        assertThat(verified.detail()).contains("answers PING");
    }

    @Test
    void aCacheThatDoesNotAnswerWithinTheDeadlineFailsTheRecoveryWithTheReason() {
        // Given
        var redis = FailoverTestResources.redis();
        redis.close();
        try {
            // When
            String recoveryId = restartCache();

            // Then
            RecoveryCompleted done = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                    c -> c.recoveryId().equals(recoveryId), Duration.ofSeconds(60));
            assertThat(done.status()).isEqualTo(RecoveryStatus.FAILED);
            assertThat(done.error()).contains("verify-cache", "did not answer PING within 20 s");
            assertThat(kubernetes.apps().deployments().inNamespace(kubernetes.getNamespace()).withName("redis").get()
                    .getSpec().getReplicas()).as("the restarted deployment is not scaled back down").isEqualTo(1);
        } finally {
            redis.start();
        }
    }
}
