package org.efp.dr.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The platform's alert rules (deploy/prometheus) and Alertmanager routing (deploy/alertmanager) as the build
 * checks them: promtool's syntax check and unit tests, amtool's configuration check, and every metric a rule reads
 * is one a service really exports.
 */
class PrometheusRulesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path RULES = ROOT.resolve("deploy/prometheus/rules");
    private static final Path TESTS = ROOT.resolve("deploy/prometheus/tests");

    @Test
    void everyRuleFileIsValidPrometheusSyntax() throws Exception {
        // Given
        List<String> files = yamlFiles(RULES);
        assertThat(files).isNotEmpty();

        // When
        Result result = run(List.of(tool("DR_PROMTOOL_BIN", "promtool"), "check", "rules"), files);

        // Then
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertBehavesAsItsUnitTestsSay() throws Exception {
        // Given
        List<String> tests = yamlFiles(TESTS);
        assertThat(tests).isNotEmpty();

        // When
        Result result = run(List.of(tool("DR_PROMTOOL_BIN", "promtool"), "test", "rules"), tests);

        // Then
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void theAlertmanagerRoutingIsAValidConfiguration() throws Exception {
        // When
        Result result = run(List.of(tool("DR_AMTOOL_BIN", "amtool"), "check-config"),
                List.of(ROOT.resolve("deploy/alertmanager/alertmanager.yml").toString()));

        // Then
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyPlatformMetricARuleReadsIsRegisteredByAService() throws IOException {
        // Given: the dr_* series the rules read, and the meter names the services register
        Set<String> used = new TreeSet<>();
        for (String line : Files.readAllLines(RULES.resolve("efp-dr.rules.yml"))) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            Matcher m = Pattern.compile("\\b(dr_[a-z_]*[a-z])\\b").matcher(line);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        String sources = javaSources();

        // Then: each is a Micrometer name as Prometheus spells it (dots become underscores; counters end in
        // _total, meters with base unit seconds in _seconds)
        assertThat(used).contains("dr_backup_last_success_seconds", "dr_wal_archive_lag_seconds",
                "dr_wal_archive_gaps", "dr_notifier_deliveries_total");
        List<String> missing = new ArrayList<>();
        for (String series : used) {
            if (meterNames(series).stream().noneMatch(name -> sources.contains("\"" + name + "\""))) {
                missing.add(series);
            }
        }
        assertThat(missing).as("metrics no service registers").isEmpty();
    }

    private static List<String> meterNames(String series) {
        List<String> names = new ArrayList<>();
        names.add(series.replace('_', '.'));
        if (series.endsWith("_total")) {
            names.add(series.substring(0, series.length() - "_total".length()).replace('_', '.'));
        }
        if (series.endsWith("_seconds")) {
            names.add(series.substring(0, series.length() - "_seconds".length()).replace('_', '.'));
        }
        return names;
    }

    private static String javaSources() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String module : List.of("backup-service", "restore-service", "failover-service", "notifier-service",
                "metrics-service", "common")) {
            Path dir = ROOT.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    all.append(Files.readString(f));
                }
            }
        }
        return all.toString();
    }

    private static List<String> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yml")).sorted().map(Path::toString)
                    .toList();
        }
    }

    private static String tool(String env, String name) {
        try {
            return ServerProcess.program(env, name);
        } catch (IllegalStateException e) {
            throw new AssertionError(name + " is missing: run ./dr setup (installs Debian's prometheus and "
                    + "prometheus-alertmanager) or set " + env, e);
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, List<String> files) throws Exception {
        List<String> full = new ArrayList<>(command);
        full.addAll(files);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", full));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
