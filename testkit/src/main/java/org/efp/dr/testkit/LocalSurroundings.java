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
        PrometheusServer prometheus = new PrometheusServer(data.resolve("prometheus"),
                LocalStack.port("DR_PROMETHEUS_PORT", 19090), new PrometheusServer.Settings(jobs,
                        List.of(new PrometheusServer.ExporterJob(PostgresExporter.JOB, "/metrics", exporters)),
                        PrometheusServer.platformRules(checkout), alertmanager.hostPort(), Duration.ofSeconds(5)));
        started.add(prometheus);
        prometheus.start();
        config.put("dr.prometheus.url", prometheus.url());
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
