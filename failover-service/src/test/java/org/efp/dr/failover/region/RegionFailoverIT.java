package org.efp.dr.failover.region;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.efp.dr.common.events.DrillCompleted;
import org.efp.dr.common.events.DrillRequested;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.Topics;
import org.efp.dr.failover.support.Deployments;
import org.efp.dr.failover.support.FailoverTestResources;
import org.efp.dr.failover.support.TestEvents;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FailoverTestResources.class)
class RegionFailoverIT {

    @Inject
    KubernetesClient kubernetes;

    @Inject
    DnsProvider dns;

    private Deployments deployments() {
        return new Deployments(kubernetes);
    }

    @Test
    void quarterlyRegionDrillIsASimulationThatChangesNothingAndReportsDrillCompleted() {
        // Given
        deployments().set("api-service-backup", 0);
        dns.point("api.efp.example.com", "api.primary.efp.example.com");
        String drillId = "drill-" + UUID.randomUUID();

        // When
        TestEvents.send(Topics.COMMANDS, drillId, EventCodec.encode(EventCodec.wrap(new DrillRequested(drillId,
                "region_failover", "simulation", "scheduler", Instant.now()), "operator", java.time.Clock.systemUTC())));

        // Then
        DrillCompleted drill = TestEvents.await(Topics.DRILLS, DrillCompleted.class,
                d -> d.drillId().equals(drillId), Duration.ofSeconds(30));
        assertThat(drill.success()).as(String.valueOf(drill.error())).isTrue();
        assertThat(drill.type()).isEqualTo("simulation");
        assertThat(dns.current("api.efp.example.com")).contains("api.primary.efp.example.com");
        assertThat(deployments().replicas("api-service-backup")).isZero();
        assertThat(TestInfrastructure.shared().standby().queryLong("postgres",
                "SELECT pg_is_in_recovery()::int")).isOne();
    }

    @Test
    void failedSystemVerificationRollsBackDnsAndTheScaledServices() {
        // Given
        deployments().set("api-service-backup", 0);
        dns.point("api.efp.example.com", "api.primary.efp.example.com");
        String standby = TestInfrastructure.shared().standby().jdbcUrl(Infrastructure.ENERGY_FORECAST);

        // When
        String recoveryId = Callers.operator()
                .contentType(ContentType.JSON).body("{\"action\":\"REGION_FAILOVER\",\"parameters\":{"
                        + "\"healthChecks\":\"" + standby + "\",\"readReplicas\":\"\",\"deployments\":"
                        + "\"api-service-backup\",\"verifyChecks\":\"http://127.0.0.1:1/health\"}}")
                .when().post("/api/v1/recoveries").then().statusCode(202).extract().path("recoveryId");

        // Then
        RecoveryCompleted done = TestEvents.await(Topics.RECOVERIES, RecoveryCompleted.class,
                c -> c.recoveryId().equals(recoveryId), Duration.ofSeconds(30));
        assertThat(done.status()).isEqualTo(RecoveryStatus.ROLLED_BACK);
        assertThat(done.error()).contains("verify-system-health failed: system unhealthy");
        assertThat(dns.current("api.efp.example.com")).contains("api.primary.efp.example.com");
        assertThat(deployments().replicas("api-service-backup")).isZero();
    }
}
