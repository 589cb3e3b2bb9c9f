package org.efp.dr.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.LocalKubernetes;
import org.efp.dr.testkit.LocalStack;
import org.efp.dr.testkit.Ports;
import org.junit.jupiter.api.Test;

/**
 * The region drill runner against a real platform: a real primary and streaming standby, the local Kubernetes API
 * holding both regions' deployments, the local run's DNS zone file, failover-service and metrics-service as
 * processes. The drill takes the primary region down (deployments scaled to 0, database primary killed) and only
 * watches; the platform must notice by its region probe, fail the database over, switch DNS, scale the backup
 * region up, and be measured recovered; then the drill fails back and the platform serves from the primary region
 * again, with the old primary back as the database primary and a streaming standby.
 */
class LiveRegionDrillIT {

    @Test
    void theDrillTakesThePrimaryRegionDownAndThePlatformFailsOverAndBack() throws Exception {
        try (LiveStage stage = LiveStage.start("live-region-drill")) {
            Infrastructure infra = stage.infra();
            LocalKubernetes kubernetes = stage.kubernetes();
            Path work = stage.work();
            LiveServices.Nodes nodes = stage.nodes();
            Map<String, String> failoverProps = new LinkedHashMap<>(nodes.failoverProperties());
            Map<String, String> nodeUrls = nodes.jdbcUrls();
            failoverProps.putAll(LocalStack.regionConfig(work, Ports.free(), infra.primary().port(),
                    infra.standby().port()));
            // No sample app here: the backup region is healthy when a database node answers, and serves when its
            // ingress runs and the database has a primary.
            String anyNode = String.join(",", nodeUrls.values());
            failoverProps.put("dr.failover.region.health-checks", nodeUrls.get("127.0.0.1:" + infra.standby()
                    .port()));
            failoverProps.put("dr.failover.region.verify-checks", "kubernetes:" + LocalKubernetes.BACKUP_NAMESPACE
                    + "/ingress-controller");
            failoverProps.put("dr.failover.region.await-primary", anyNode);
            // Nothing else restarts the killed node here (in Kubernetes its pod does).
            failoverProps.put("dr.failover.database.restart-down-nodes", "true");
            try (ServiceProcess failover = ServiceProcess.start("failover-service",
                    stage.serviceConfig("failover-service"), work, LiveServices.failoverEnv(stage.login()),
                    failoverProps);
                    ServiceProcess metrics = ServiceProcess.start("metrics-service",
                            stage.serviceConfig("metrics-service"), work, LiveServices.metricsEnv(stage.login()));
                    AutoCloseable stopping = ServiceProcess.stoppingTogether(failover, metrics)) {
                LivePlatform platform = stage.platform(failover, metrics);
                ByteArrayOutputStream printed = new ByteArrayOutputStream();
                String kubernetesUrl = kubernetes.serviceConfig().get("quarkus.kubernetes-client.api-server-url");

                // When
                DrillResult result = new RegionFailureDrill(platform, work.resolve(LocalStack.DNS_ZONE),
                        kubernetesUrl, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofSeconds(120),
                        Duration.ofSeconds(120), new PrintStream(printed, true, StandardCharsets.UTF_8))
                        .run("live-region-failure-it");

                // Then
                String progress = printed.toString(StandardCharsets.UTF_8);
                assertThat(result.outcome()).as(progress).isEqualTo(DrillResult.Outcome.PASSED);
                assertThat(result.incidentId()).isNotNull();
                assertThat(result.acknowledgedCommits()).isGreaterThan(50);
                assertThat(result.lostCommits()).isNotNull();
                assertThat(result.dataLossSeconds()).isLessThanOrEqualTo(60);
                assertThat(progress).contains("serving from the backup region: " + LocalStack.DNS_RECORD + " -> "
                        + LocalStack.BACKUP_TARGET).contains("database primary 127.0.0.1:" + infra.standby().port())
                        .contains("failed back: database primary 127.0.0.1:" + infra.primary().port());
                assertThat(Files.readString(work.resolve(LocalStack.DNS_ZONE)))
                        .contains(LocalStack.DNS_RECORD + "=" + LocalStack.PRIMARY_TARGET);
                assertThat(kubernetes.client().apps().deployments().inNamespace(LocalKubernetes.BACKUP_NAMESPACE)
                        .withName("ingress-controller").get().getSpec().getReplicas()).isZero();
            }
        }
    }
}
