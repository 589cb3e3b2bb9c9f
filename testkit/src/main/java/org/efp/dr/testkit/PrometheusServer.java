package org.efp.dr.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

/**
 * A real Prometheus (Debian's {@code prometheus}) on 127.0.0.1: scrapes the given jobs' {@code /q/metrics},
 * evaluates the given rule files (the platform's {@code deploy/prometheus/rules}) and sends alerts to an
 * Alertmanager. Scrape and evaluation share one interval, short in tests and the local run.
 */
public final class PrometheusServer extends LocalServer {

    private static final Logger LOG = Logger.getLogger(PrometheusServer.class);
    private static final String JOB = "[a-z][a-z0-9\\-]{0,62}";
    private static final String HOST_PORT = "[A-Za-z0-9.\\-]+:[0-9]{1,5}";

    /**
     * A job scraping exporters (not the services' {@code /q/metrics}): each target is labelled with the
     * {@code instance} it speaks for (an exporter beside {@code 127.0.0.1:15433} reports as that server), so an alert
     * names the database node, not the exporter.
     */
    public record ExporterJob(String name, String metricsPath, Map<String, String> instanceByTarget) {
        public ExporterJob {
            if (!name.matches(JOB)) {
                throw new IllegalArgumentException("job must be a lower-case name, got " + name);
            }
            if (!metricsPath.matches("/[a-z0-9/_\\-]{0,64}")) {
                throw new IllegalArgumentException("metrics path must be a plain path, got " + metricsPath);
            }
            instanceByTarget.forEach((target, instance) -> {
                requireHostPort(target, "target of " + name);
                requireHostPort(instance, "instance of " + name);
            });
            instanceByTarget = Map.copyOf(instanceByTarget);
        }
    }

    /** What Prometheus reads and where it sends alerts. */
    public record Settings(Map<String, List<String>> jobs, List<ExporterJob> exporters, List<Path> ruleFiles,
            String alertmanager, Duration interval) {

        public Settings(Map<String, List<String>> jobs, List<Path> ruleFiles, String alertmanager, Duration interval) {
            this(jobs, List.of(), ruleFiles, alertmanager, interval);
        }

        public Settings {
            jobs.forEach((job, targets) -> {
                if (!job.matches(JOB)) {
                    throw new IllegalArgumentException("job must be a lower-case name, got " + job);
                }
                targets.forEach(t -> requireHostPort(t, "target of " + job));
            });
            ruleFiles.forEach(f -> {
                if (!Files.isRegularFile(f)) {
                    throw new IllegalArgumentException("rule file missing: " + f);
                }
            });
            if (alertmanager != null) {
                requireHostPort(alertmanager, "alertmanager");
            }
            if (interval.isNegative() || interval.toSeconds() < 1) {
                throw new IllegalArgumentException("interval must be at least 1 s, got " + interval);
            }
            jobs = Map.copyOf(jobs);
            exporters = List.copyOf(exporters);
            ruleFiles = List.copyOf(ruleFiles);
        }

    }

    private static void requireHostPort(String value, String field) {
        if (value == null || !value.matches(HOST_PORT)) {
            throw new IllegalArgumentException(field + " must be host:port, got " + value);
        }
    }

    private final Path home;
    private final int port;
    private final Settings settings;

    public PrometheusServer(Path home, int port, Settings settings) {
        this.home = home.toAbsolutePath();
        this.port = port;
        this.settings = settings;
    }

    /** The platform's alert rules in a checkout: {@code deploy/prometheus/rules/*.yml} under {@code root}. */
    public static List<Path> platformRules(Path root) {
        Path dir = root.resolve("deploy/prometheus/rules").toAbsolutePath().normalize();
        try (var files = Files.list(dir)) {
            List<Path> rules = files.filter(f -> f.getFileName().toString().endsWith(".yml")).sorted().toList();
            if (rules.isEmpty()) {
                throw new IllegalStateException("no rule files in " + dir);
            }
            return rules;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the platform's alert rules in " + dir, e);
        }
    }

    /** Writes prometheus.yml, starts Prometheus and waits for {@code /-/ready}. */
    public PrometheusServer start() {
        Path config = writeConfig();
        process = ServerProcess.start("prometheus", home, List.of(
                ServerProcess.program("DR_PROMETHEUS_BIN", "prometheus"),
                "--config.file=" + config,
                "--storage.tsdb.path=" + home.resolve("tsdb"),
                "--storage.tsdb.retention.time=2d",
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=info"));
        process.awaitReady(Duration.ofSeconds(90), () -> ServerProcess.answers(url() + "/-/ready"));
        LOG.infof("Prometheus up url=%s jobs=%s alertmanager=%s", url(), settings.jobs().keySet(),
                settings.alertmanager());
        return this;
    }

    /** Writes {@code prometheus.yml} into the server's directory. */
    Path writeConfig() {
        return YamlFiles.write(home.resolve("prometheus.yml"), "Written by the EFP DR test kit", config());
    }

    private Map<String, Object> config() {
        String interval = settings.interval().toSeconds() + "s";
        Map<String, Object> global = new LinkedHashMap<>();
        global.put("scrape_interval", interval);
        global.put("evaluation_interval", interval);
        global.put("scrape_timeout", Math.max(1, settings.interval().toSeconds() - 1) + "s");

        List<Object> scrapes = new ArrayList<>();
        settings.jobs().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(job -> {
            Map<String, Object> scrape = new LinkedHashMap<>();
            scrape.put("job_name", job.getKey());
            scrape.put("metrics_path", "/q/metrics");
            scrape.put("static_configs", List.of(Map.of("targets", job.getValue())));
            scrapes.add(scrape);
        });
        settings.exporters().stream().sorted(java.util.Comparator.comparing(ExporterJob::name)).forEach(job -> {
            Map<String, Object> scrape = new LinkedHashMap<>();
            scrape.put("job_name", job.name());
            scrape.put("metrics_path", job.metricsPath());
            scrape.put("static_configs", job.instanceByTarget().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(t -> Map.of("targets", List.of(t.getKey()), "labels", Map.of("instance", t.getValue())))
                    .toList());
            scrapes.add(scrape);
        });

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("global", global);
        config.put("rule_files", settings.ruleFiles().stream().map(p -> p.toAbsolutePath().toString()).toList());
        if (settings.alertmanager() != null) {
            config.put("alerting", Map.of("alertmanagers",
                    List.of(Map.of("static_configs", List.of(Map.of("targets", List.of(settings.alertmanager())))))));
        }
        config.put("scrape_configs", scrapes);
        return config;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }
}
