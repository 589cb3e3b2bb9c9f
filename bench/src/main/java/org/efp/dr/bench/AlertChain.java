package org.efp.dr.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.efp.dr.testkit.AlertmanagerServer;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.LocalKubernetes;
import org.efp.dr.testkit.MailServer;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresExporter;
import org.efp.dr.testkit.PostgresServer;
import org.efp.dr.testkit.PrometheusServer;

/**
 * The monitoring chain of the platform, as it runs in production: a PostgreSQL exporter beside each energy_forecast
 * node, Prometheus evaluating the shipped rules (deploy/prometheus/rules), Alertmanager with the shipped routing
 * (deploy/alertmanager), and failover-service, notifier-service and metrics-service as processes. failover-service's
 * own probes are off, so the alert is the only witness: the primary is killed, and the chain has to detect, decide,
 * promote, notify and measure by itself.
 */
final class AlertChain implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String DB = Infrastructure.ENERGY_FORECAST;
    /** The local run's scrape and evaluation interval (testkit LocalSurroundings). */
    static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(5);
    static final Duration DETECTION_TIMEOUT = Duration.ofSeconds(120);

    /** One kill of the primary, as the chain saw it. */
    record Outage(String killed, Instant killedAt, String incidentId, String source, Instant outageStartedAt,
            Instant detectedAt, double signalSeconds, double detectionSeconds, double writableSeconds,
            String promoted) {
    }

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Infrastructure infra;
    private final MailServer mail;
    private final PrometheusServer prometheus;
    private final ServiceProcess failover;
    private final ServiceProcess metrics;
    private final Map<Integer, PostgresServer> nodes = new LinkedHashMap<>();
    private Writer writer;

    AlertChain(Infrastructure infra, Path work, Path checkout) throws Exception {
        this.infra = infra;
        Files.createDirectories(work);
        try {
            nodes.put(infra.primary().port(), infra.primary());
            nodes.put(infra.standby().port(), infra.standby());
            LocalKubernetes kubernetes = LocalKubernetes.start(Ports.free());
            started.add(kubernetes);
            mail = new MailServer(work.resolve("mail"), Ports.free(), Ports.free(), Ports.free());
            started.add(mail);
            mail.start();

            Map<String, String> config = new LinkedHashMap<>(infra.serviceConfig());
            config.putAll(kubernetes.serviceConfig());
            config.put("dr.smtp.host", mail.smtpHost());
            config.put("dr.smtp.port", String.valueOf(mail.smtpPort()));
            config.put("quarkus.mailer.host", mail.smtpHost());
            config.put("quarkus.mailer.port", String.valueOf(mail.smtpPort()));

            String alertmanagerPassword = UUID.randomUUID().toString().replace("-", "");
            Path passwordFile = work.resolve("alertmanager.password");
            Files.writeString(passwordFile, "");
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(passwordFile, alertmanagerPassword + "\n");
            Map<String, String> failoverProps = ManagedNodes.dataDirProperties(nodes.values());
            failover = ServiceProcess.start("failover-service",
                    ServiceProcess.withKafkaLogin(config, infra, "failover-service"), work, Map.of(
                            // The alert is the only witness: no probe shortcut.
                            "DR_FAILOVER_PROBES_ENABLED", "false",
                            "DR_FAILOVER_DATABASE_AUTO_REJOIN", "true",
                            "QUARKUS_SECURITY_USERS_EMBEDDED_USERS_ALERTMANAGER", alertmanagerPassword,
                            "QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_ALERTMANAGER", "alertmanager"), failoverProps);
            started.add(failover);
            ServiceProcess notifier = ServiceProcess.start("notifier-service",
                    ServiceProcess.withKafkaLogin(config, infra, "notifier-service"), work, Map.of());
            started.add(notifier);
            metrics = ServiceProcess.start("metrics-service",
                    ServiceProcess.withKafkaLogin(config, infra, "metrics-service"), work, Map.of());
            started.add(metrics);
            // closed before the three: they shut down together
            started.add(ServiceProcess.stoppingTogether(failover, notifier, metrics));

            AlertmanagerServer alertmanager = new AlertmanagerServer(work.resolve("alertmanager"), Ports.free(),
                    new AlertmanagerServer.Webhook(failover.url("/api/v1/alerts/alertmanager"), "alertmanager",
                            passwordFile), AlertmanagerServer.platformRouting(checkout));
            started.add(alertmanager);
            alertmanager.start();
            Map<String, String> exporters = new LinkedHashMap<>();
            for (PostgresServer node : nodes.values()) {
                PostgresExporter exporter = new PostgresExporter(work.resolve("exporter-" + node.port()), Ports.free(),
                        node.port(), PostgresServer.USER, checkout);
                started.add(exporter);
                exporter.start();
                exporters.put(exporter.hostPort(), exporter.server());
            }
            prometheus = new PrometheusServer(work.resolve("prometheus"), Ports.free(), new PrometheusServer.Settings(
                    Map.of(), List.of(new PrometheusServer.ExporterJob(PostgresExporter.JOB, "/metrics", exporters)),
                    PrometheusServer.platformRules(checkout), alertmanager.hostPort(), SCRAPE_INTERVAL));
            started.add(prometheus);
            prometheus.start();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** Starts the client's write load (a commit every 10 ms) against whichever node is writable. */
    void startWriting() throws Exception {
        writer = new Writer(nodes.values().stream().map(n -> n.jdbcUrl(DB)).toList(), PostgresServer.USER,
                Duration.ofMillis(10));
        await("the first acknowledged writes").atMost(Duration.ofSeconds(30))
                .until(() -> writer.acknowledgedCount() > 50);
    }

    /** Waits until Prometheus knows the current primary's role from its exporter (the rule needs it). */
    void awaitPrimaryWatched() {
        String primary = topology().path("primary").asText();
        await("Prometheus watching the primary " + primary).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> query("pg_role_is_standby{job=\"" + PostgresExporter.JOB + "\",instance=\"" + primary
                        + "\"} == 0").size() == 1);
    }

    /**
     * Kills the primary's postmaster and waits for the chain: the alert's incident declared by failover-service,
     * a promoted primary taking the client's writes, and the topology naming it.
     */
    Outage killPrimary() throws Exception {
        String victim = topology().path("primary").asText();
        PostgresServer node = nodes.get(Integer.parseInt(victim.substring(victim.lastIndexOf(':') + 1)));
        Instant killedAt = Instant.now();
        long t0 = System.nanoTime();
        SecondDisaster.kill9(node);
        // The raw signal: the first evaluation in which Prometheus holds the exporter's pg_up 0 for the victim.
        double[] signal = { Double.NaN };
        String down = "pg_up{job=\"" + PostgresExporter.JOB + "\",instance=\"" + victim + "\"} == 0";
        JsonNode incident = await("an incident declared for the database").atMost(DETECTION_TIMEOUT)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (Double.isNaN(signal[0]) && !query(down).isEmpty()) {
                        signal[0] = (System.nanoTime() - t0) / 1e9;
                    }
                    return newDatabaseIncident(killedAt);
                }, i -> i != null);
        double detection = (System.nanoTime() - t0) / 1e9;
        await("a new writable primary").atMost(DETECTION_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> writer.writingTo() != null && !writer.writingTo().equals(node.jdbcUrl(DB))
                        && writer.firstAckOnConnectionNanos() > t0);
        double writable = (writer.firstAckOnConnectionNanos() - t0) / 1e9;
        String promoted = await("the topology naming the promoted primary").atMost(DETECTION_TIMEOUT)
                .until(() -> topology().path("primary").asText(), p -> !p.equals(victim) && p.contains(":"));
        return new Outage(victim, killedAt, incident.path("incidentId").asText(), incident.path("source").asText(),
                Instant.parse(incident.path("outageStartedAt").asText()),
                Instant.parse(incident.path("detectedAt").asText()), signal[0], detection, writable, promoted);
    }

    /**
     * The killed node's machine comes back: its server starts again and the platform rejoins it as a streaming
     * standby by itself; then Prometheus is watching the new primary, ready for the next kill.
     */
    void restartAndAwaitRejoin(String address) {
        PostgresServer node = nodes.get(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
        ManagedNodes.restartAndAwaitRejoin(node, address, this::topology, Duration.ofSeconds(180));
        awaitPrimaryWatched();
    }

    /** metrics-service's measurement of {@code incidentId}, once it has one. */
    JsonNode measured(String incidentId) {
        return await("metrics-service measuring " + incidentId).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> JSON.readTree(metrics.get("/incidents/" + incidentId)),
                        m -> m.path("timeToDetectSeconds").isNumber());
    }

    /** Every mail the mail server holds (the notifier's e-mail to the guide's contacts). */
    List<MailServer.Mail> mails() {
        return mail.mails();
    }

    /** The checkout holding deploy/ (the rules and routing shipped), from the root or from a module directory. */
    static Path checkout() {
        return Files.isDirectory(Path.of("deploy", "prometheus")) ? Path.of(".").toAbsolutePath().normalize()
                : Path.of("..").toAbsolutePath().normalize();
    }

    /** Stops the write load; returns how many acknowledged commits the current primary does not hold. */
    long stopWritingAndCountLost() throws Exception {
        writer.close();
        String primary = topology().path("primary").asText();
        return writer.missingOn(nodes.get(Integer.parseInt(primary.substring(primary.lastIndexOf(':') + 1)))
                .jdbcUrl(DB));
    }

    long acknowledged() {
        return writer.acknowledgedCount();
    }

    JsonNode topology() {
        try {
            return JSON.readTree(failover.get("/api/v1/database/topology"));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot read the topology from failover-service", e);
        }
    }

    /** The newest database incident failover-service declared after {@code after}, or null. */
    private JsonNode newDatabaseIncident(Instant after) throws IOException, InterruptedException {
        for (JsonNode incident : JSON.readTree(failover.get("/api/v1/incidents"))) {
            if ("database".equals(incident.path("component").asText()) && incident.path("detectedAt").isTextual()
                    && Instant.parse(incident.path("detectedAt").asText()).isAfter(after)) {
                return incident;
            }
        }
        return null;
    }

    /** The result vector of an instant PromQL query. */
    private JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(prometheus.url()
                + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("data").path("result");
    }

    @Override
    public void close() throws Exception {
        if (writer != null) {
            writer.close();
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                // the others are still stopped
            }
        }
    }
}
