package org.efp.dr.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
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
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)(ms|s|m|h|d|w|y)");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));

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

    /**
     * Copies of {@code ruleFiles} in {@code dir} whose pending periods are at most {@code limit} (whole seconds): every rule's
     * {@code for}, and the {@code pending_for} annotation failover-service dates an outage by, shortened to
     * {@code limit} where longer; expressions, labels and annotations otherwise as the files have them. For tests
     * of the alert chain, which need an alert to fire, not to wait out a production period (promtool's unit tests
     * of deploy/prometheus/tests prove the periods themselves).
     */
    public static List<Path> withPendingAtMost(List<Path> ruleFiles, Path dir, Duration limit) {
        if (limit.toSeconds() < 1 || limit.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("limit must be whole seconds, got " + limit);
        }
        // whole seconds: the way failover-service reads pending_for
        String shortened = limit.toSeconds() + "s";
        List<Path> copies = new ArrayList<>();
        for (Path file : ruleFiles) {
            try {
                JsonNode tree = YAML.readTree(file.toFile());
                for (JsonNode group : tree.path("groups")) {
                    for (JsonNode rule : group.path("rules")) {
                        shorten((ObjectNode) rule, "for", limit, shortened);
                        if (rule.path("annotations") instanceof ObjectNode annotations) {
                            shorten(annotations, "pending_for", limit, shortened);
                        }
                    }
                }
                Files.createDirectories(dir);
                Path copy = dir.resolve(file.getFileName());
                Files.writeString(copy, "# " + file + " with pending periods of at most " + shortened + "\n"
                        + YAML.writeValueAsString(tree));
                copies.add(copy.toAbsolutePath());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the rules of " + file, e);
            }
        }
        return copies;
    }

    private static void shorten(ObjectNode node, String field, Duration limit, String shortened) {
        if (node.hasNonNull(field) && duration(node.get(field).asText()).compareTo(limit) > 0) {
            node.put(field, shortened);
        }
    }

    /** A Prometheus duration such as {@code 10s}, {@code 1m} or {@code 1h30m}. */
    static Duration duration(String text) {
        Matcher part = DURATION_PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            long n = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> Duration.ofDays(365 * n);
            });
            end = part.end();
        }
        if (end == 0 || end != text.length()) {
            throw new IllegalArgumentException("not a Prometheus duration: " + text);
        }
        return total;
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
