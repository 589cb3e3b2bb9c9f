package org.efp.dr.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.efp.dr.testkit.Infrastructure;
import org.junit.jupiter.api.Test;

/**
 * The database drill runner against a real platform: failover-service and metrics-service run as processes against
 * real infrastructure; the drill kills the primary under a write load and only watches. The platform must promote,
 * measure the incident and rejoin the killed node, and the drill's verdict must say so.
 */
class LiveDatabaseDrillIT {

    @Test
    void theDrillKillsThePrimaryAndReportsThePlatformsMeasuredRecoveryAsPassed() throws Exception {
        try (LiveStage stage = LiveStage.start("live-database-drill")) {
            Infrastructure infra = stage.infra();
            try (ServiceProcess failover = ServiceProcess.start("failover-service",
                    stage.serviceConfig("failover-service"), stage.work(), LiveServices.failoverEnv(stage.login()),
                    stage.nodes().failoverProperties());
                    ServiceProcess metrics = ServiceProcess.start("metrics-service",
                            stage.serviceConfig("metrics-service"), stage.work(),
                            LiveServices.metricsEnv(stage.login()));
                    AutoCloseable stopping = ServiceProcess.stoppingTogether(failover, metrics)) {
                LivePlatform platform = stage.platform(failover, metrics);
                ByteArrayOutputStream printed = new ByteArrayOutputStream();

                // When
                DrillResult result = new DatabaseFailureDrill(platform, Duration.ofHours(1), Duration.ofMinutes(1),
                        Duration.ofSeconds(90), Duration.ofSeconds(90),
                        new PrintStream(printed, true, StandardCharsets.UTF_8)).run("live-database-failure-it");

                // Then
                String progress = printed.toString(StandardCharsets.UTF_8);
                assertThat(result.outcome()).as(progress).isEqualTo(DrillResult.Outcome.PASSED);
                assertThat(result.incidentId()).isNotNull();
                assertThat(result.timeToDetectSeconds()).isNotNull();
                assertThat(result.timeToRecoverSeconds()).isLessThan(3600);
                assertThat(result.acknowledgedCommits()).isGreaterThan(50);
                assertThat(result.lostCommits()).isNotNull();
                assertThat(result.dataLossSeconds()).isLessThanOrEqualTo(60);
                assertThat(progress).contains("killed the primary 127.0.0.1:" + infra.primary().port())
                        .contains("failover-service promoted 127.0.0.1:" + infra.standby().port())
                        .contains("rejoined 127.0.0.1:" + infra.primary().port() + " as a streaming standby")
                        .contains("RTO 1h 00m");
                assertThat(result.timeline()).extracting(DrillResult.Step::step)
                        .anyMatch(s -> s.startsWith("metrics-service: recovered"));
            }
        }
    }
}
