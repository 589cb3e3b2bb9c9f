package org.efp.dr.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What surrounds the services in the local run: a mail server for the notifier (GreenMail), the cache component
 * (Redis), Prometheus scraping the five services and a PostgreSQL exporter beside each energy_forecast node with
 * the platform's alert rules, and Alertmanager delivering to
 * failover-service's webhook. Each on a fixed loopback port (overridable by environment), data under
 * {@code <home>/data}, pid files next to their logs for {@code ./dr down}.
 */
final class LocalSurroundings {

    /** The services' ports of the local run (as in ./dr). */
    static final Map<String, Integer> SERVICES = Map.of("backup-service", 8081, "restore-service", 8082,
            "failover-service", 8083, "notifier-service", 8084, "metrics-service", 8085);
    static final String ALERTMANAGER_USER = "alertmanager";
    /** The sample Energy Forecast app of the local run (as in ./dr), scraped like the services. */
    static final String SAMPLE_APP = "sample-app";

    private LocalSurroundings() {
    }

    /**
     * Starts them in order, adding each to {@code started} before it starts (so a failed start is stopped too),
     * and returns the settings the services need.
     */
    static Map<String, String> start(Path home, Path data, List<Integer> databaseNodes, List<AutoCloseable> started)
            throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        Path checkout = Path.of(System.getenv().getOrDefault("DR_ROOT", "")).toAbsolutePath();

        MailServer mail = new MailServer(data.resolve("mail"), LocalStack.port("DR_MAIL_SMTP_PORT", 12525),
                LocalStack.port("DR_MAIL_IMAP_PORT", 12143), LocalStack.port("DR_MAIL_API_PORT", 18080));
        started.add(mail);
        mail.start();
        config.put("dr.smtp.host", mail.smtpHost());
        config.put("dr.smtp.port", String.valueOf(mail.smtpPort()));
        config.put("quarkus.mailer.host", mail.smtpHost());
        config.put("quarkus.mailer.port", String.valueOf(mail.smtpPort()));
        config.put("dr.mail.api-url", mail.apiUrl());
        config.put("dr.mail.imap-port", String.valueOf(mail.imapPort()));

        RedisServer redis = new RedisServer(data.resolve("redis"), LocalStack.port("DR_REDIS_PORT", 16379),
                secret(home.resolve("redis.password")));
        started.add(redis);
        redis.start();
        // A killed cache comes back, as its pod would (5 s: a container restart), empty: warming it is the platform's.
        started.add(Restarter.watch("redis", redis::alive, redis::start, Duration.ofSeconds(5)));
        config.put("dr.redis.url", redis.url());
        config.put("dr.redis.password", redis.password());

        Path passwordFile = home.resolve("alertmanager.password");
        if (!Files.isRegularFile(passwordFile)) {
            throw new IllegalStateException(passwordFile + " is missing: ./dr up writes it from rest-users.env "
                    + "before it starts the infrastructure");
        }
        AlertmanagerServer alertmanager = new AlertmanagerServer(data.resolve("alertmanager"),
                LocalStack.port("DR_ALERTMANAGER_PORT", 19095), new AlertmanagerServer.Webhook(
                        "http://127.0.0.1:" + SERVICES.get("failover-service") + "/api/v1/alerts/alertmanager",
                        ALERTMANAGER_USER, passwordFile), AlertmanagerServer.platformRouting(checkout));
        started.add(alertmanager);
        alertmanager.start();
        config.put("dr.alertmanager.url", alertmanager.url());

        // One exporter beside each energy_forecast node (primary, standby, rebuild spare), as the bundle's sidecars.
        Map<String, String> exporters = new LinkedHashMap<>();
        int exporterPort = LocalStack.port("DR_POSTGRES_EXPORTER_PORT", 19187);
        for (int i = 0; i < databaseNodes.size(); i++) {
            PostgresExporter exporter = new PostgresExporter(data.resolve("postgres-exporter-" + databaseNodes.get(i)),
                    exporterPort + i, databaseNodes.get(i), PostgresServer.USER, checkout);
            started.add(exporter);
            exporter.start();
            exporters.put(exporter.hostPort(), exporter.server());
        }

        Map<String, List<String>> jobs = new LinkedHashMap<>();
        SERVICES.forEach((service, port) -> jobs.put(service, List.of("127.0.0.1:" + port)));
        jobs.put(SAMPLE_APP, List.of("127.0.0.1:" + LocalStack.port("DR_SAMPLE_APP_PORT", 18090)));
        PrometheusServer prometheus = new PrometheusServer(data.resolve("prometheus"),
                LocalStack.port("DR_PROMETHEUS_PORT", 19090), new PrometheusServer.Settings(jobs,
                        List.of(new PrometheusServer.ExporterJob(PostgresExporter.JOB, "/metrics", exporters)),
                        PrometheusServer.platformRules(checkout), alertmanager.hostPort(), Duration.ofSeconds(5)));
        started.add(prometheus);
        prometheus.start();
        config.put("dr.prometheus.url", prometheus.url());
        config.putAll(sampleModels(home));
        config.putAll(recoveryMonitoring());
        return config;
    }

    /**
     * metrics-service's monitor_recovery() in the local run: the five services and the sample app must be ready,
     * and the app stands in for the guide's api-service/ml-service in the Prometheus signals (its forecast error,
     * its request latency and error share). An idle local run has no forecast traffic: latency and errors may be
     * NO_DATA there, but a value out of bounds still fails the monitoring.
     */
    private static Map<String, String> recoveryMonitoring() {
        Map<String, String> config = new LinkedHashMap<>();
        List<String> health = new java.util.ArrayList<>();
        SERVICES.values().stream().sorted().forEach(port -> health.add("http://127.0.0.1:" + port + "/q/health/ready"));
        health.add("http://127.0.0.1:" + LocalStack.port("DR_SAMPLE_APP_PORT", 18090) + "/q/health/ready");
        config.put("dr.metrics.monitor.health-urls", String.join(",", health));
        String app = "job=\"" + SAMPLE_APP + "\"";
        config.put("dr.metrics.monitor.queries.model_performance.promql",
                "max(forecast_model_mean_absolute_error_mw{" + app + "})");
        config.put("dr.metrics.monitor.queries.model_performance.max", "5");
        config.put("dr.metrics.monitor.queries.model_performance.unit", "MW mean absolute forecast error");
        config.put("dr.metrics.monitor.queries.api_latency.promql",
                "sum(rate(forecast_request_duration_seconds_sum{" + app + "}[1m])) / "
                        + "sum(rate(forecast_request_duration_seconds_count{" + app + "}[1m]))");
        config.put("dr.metrics.monitor.queries.error_rates.promql",
                "(sum(rate(forecast_requests_total{" + app + ",outcome!=\"ok\"}[1m])) or vector(0)) / "
                        + "sum(rate(forecast_requests_total{" + app + "}[1m]))");
        config.put("dr.metrics.monitor.optional-signals", "api_latency,error_rates");
        return config;
    }

    /**
     * The live model directory restore-service restores into and the sample app serves from, seeded once with sample
     * versions (one deliberately bad, never served); restored models are watched through the app's Prometheus job
     * for a window short enough to see a rollback in the local run.
     */
    private static Map<String, String> sampleModels(Path home) {
        Path models = home.resolve("models");
        SampleModels.seedLocal(models);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("dr.restore.models-dir", models.toString());
        config.put("app.models-dir", models.toString());
        config.put("dr.restore.models.monitor.job", SAMPLE_APP);
        config.put("dr.restore.models.monitor.window", "5m");
        config.put("dr.restore.models.monitor.interval", "15s");
        return config;
    }

    /** A password made once and kept private to the owner, never printed. */
    private static String secret(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            StringBuilder password = new StringBuilder();
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            for (byte b : bytes) {
                password.append(alphabet.charAt((b & 0xff) % alphabet.length()));
            }
            Files.writeString(file, "");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(file, password + "\n");
        }
        return Files.readString(file).strip();
    }
}
