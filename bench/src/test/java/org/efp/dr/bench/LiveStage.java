package org.efp.dr.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.LocalKubernetes;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;

/**
 * What a live drill test starts before its services: real infrastructure and the local Kubernetes API in a fresh
 * {@code target/NAME} directory, the services' configuration for both, the operator the drill logs in as, and the
 * energy_forecast nodes.
 */
final class LiveStage implements AutoCloseable {

    private final Path work;
    private final Infrastructure infra;
    private final LocalKubernetes kubernetes;
    private final Map<String, String> config;
    private final String password = "drill-" + System.nanoTime();

    private LiveStage(Path work, Infrastructure infra, LocalKubernetes kubernetes) {
        this.work = work;
        this.infra = infra;
        this.kubernetes = kubernetes;
        this.config = new LinkedHashMap<>(infra.serviceConfig());
        config.putAll(kubernetes.serviceConfig());
    }

    static LiveStage start(String name) throws IOException {
        Path work = Path.of("target", name).toAbsolutePath();
        Bench.delete(work);
        Files.createDirectories(work);
        Infrastructure infra = Infrastructure.start(Infrastructure.Layout.ephemeral(work.resolve("infra")), "it",
                "it-secret-" + System.nanoTime());
        try {
            return new LiveStage(work, infra, LocalKubernetes.start(Ports.free()));
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
    }

    Path work() {
        return work;
    }

    Infrastructure infra() {
        return infra;
    }

    LocalKubernetes kubernetes() {
        return kubernetes;
    }

    /** The operator user {@code drill} with this stage's password, for a service's environment. */
    Map<String, String> login() {
        return LiveServices.operatorLogin(password);
    }

    LiveServices.Nodes nodes() {
        return LiveServices.nodes(infra);
    }

    /** The configuration {@code service} starts with: the infrastructure's and Kubernetes', and its Kafka login. */
    Map<String, String> serviceConfig(String service) {
        return ServiceProcess.withKafkaLogin(config, infra, service);
    }

    /** failover-service and metrics-service as the drill sees them, with the energy_forecast nodes. */
    LivePlatform platform(ServiceProcess failover, ServiceProcess metrics) {
        LiveServices.Nodes nodes = nodes();
        return new LivePlatform(Map.of(LivePlatform.FAILOVER, failover.url(""), LivePlatform.METRICS,
                metrics.url("")), "drill", password, nodes.jdbcUrls(), nodes.dataDirs(), PostgresServer.USER);
    }

    @Override
    public void close() {
        try {
            kubernetes.close();
        } finally {
            infra.close();
        }
    }
}
