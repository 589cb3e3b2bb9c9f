package org.efp.dr.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.LocalKubernetes;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;
import org.junit.jupiter.api.Test;

/**
 * The database drill runner against a real platform: failover-service and metrics-service run as processes against
 * real infrastructure; the drill kills the primary under a write load and only watches. The platform must promote,
 * measure the incident and rejoin the killed node, and the drill's verdict must say so.
 */
class LiveDatabaseDrillIT {

    @Test
    void theDrillKillsThePrimaryAndReportsThePlatformsMeasuredRecoveryAsPassed() throws Exception {
        Path work = Path.of("target", "live-database-drill").toAbsolutePath();
        Bench.delete(work);
        try (Infrastructure infra = Infrastructure.start(Infrastructure.Layout.ephemeral(work.resolve("infra")),
                "it", "it-secret-" + System.nanoTime());
                LocalKubernetes kubernetes = LocalKubernetes.start(Ports.free())) {
            Map<String, String> config = new LinkedHashMap<>(infra.serviceConfig());
            config.putAll(kubernetes.serviceConfig());
            String password = "drill-" + System.nanoTime();
            Map<String, String> login = LiveServices.operatorLogin(password);
            LiveServices.Nodes nodes = LiveServices.nodes(infra);
            Map<String, String> failoverProps = nodes.failoverProperties();
            Map<String, Path> nodeDirs = nodes.dataDirs();
            Map<String, String> nodeUrls = nodes.jdbcUrls();
            Map<String, String> failoverEnv = LiveServices.failoverEnv(login);
            Map<String, String> metricsEnv = LiveServices.metricsEnv(login);
            try (ServiceProcess failover = ServiceProcess.start("failover-service",
                    ServiceProcess.withKafkaLogin(config, infra, "failover-service"), work, failoverEnv,
                    failoverProps);
                    ServiceProcess metrics = ServiceProcess.start("metrics-service",
                            ServiceProcess.withKafkaLogin(config, infra, "metrics-service"), work, metricsEnv);
                    AutoCloseable stopping = ServiceProcess.stoppingTogether(failover, metrics)) {
                LivePlatform platform = new LivePlatform(Map.of(LivePlatform.FAILOVER, failover.url(""),
                        LivePlatform.METRICS, metrics.url("")), "drill", password, nodeUrls, nodeDirs,
                        PostgresServer.USER);
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
