package org.efp.dr.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The PrometheusRule of the Kubernetes bundle holds exactly the plain rule file's rules, and the Grafana dashboard
 * reads only metrics the services register, aggregated so that several replicas of a service do not multiply or
 * split its series. The metric check is static: each dr_* series is looked up as a Micrometer meter name in the
 * services' sources (the testkit's PrometheusRulesTest does the same for the rule file).
 */
class MonitoringFilesTest {

    private static final Path RULES = Repo.ROOT.resolve("deploy/prometheus/rules/efp-dr.rules.yml");
    private static final Path RULE_CR = Repo.K8S.resolve("base/prometheus-rule.yaml");
    private static final Path DASHBOARD = Repo.ROOT.resolve("deploy/grafana/recovery-metrics.json");
    private static final Pattern SERIES = Pattern.compile("\\b(dr_[a-z_]*[a-z])\\b");
    private static final Pattern AGGREGATION = Pattern.compile("\\b(sum|max|min|avg|count) *(by *\\([^)]*\\) *)?\\(");

    @Test
    void thePrometheusRuleIsThePlainRuleFile() {
        Map<String, Object> plain = Repo.document(RULES);
        Map<String, Object> cr = Repo.document(RULE_CR);
        assertThat(cr.get("kind")).isEqualTo("PrometheusRule");
        assertThat(Repo.map(cr.get("spec")).get("groups")).as("run deploy/prometheus/wrap-rules.sh after editing "
                + RULES.getFileName()).isEqualTo(plain.get("groups"));
        assertThat(Repo.map(cr.get("metadata")).get("namespace")).isEqualTo("efp-dr");
    }

    @Test
    void theRulesCoverWhatTheSreMustBeToldAbout() {
        Set<String> alerts = new TreeSet<>();
        for (Object g : Repo.list(Repo.document(RULES).get("groups"))) {
            for (Object r : Repo.list(Repo.map(g).get("rules"))) {
                Object name = Repo.map(r).get("alert");
                if (name != null) {
                    alerts.add((String) name);
                }
            }
        }
        assertThat(alerts).contains("DrBackupOlderThanSchedule", "DrWalArchiveLagging", "DrWalArchiveGaps",
                "DrNoStreamingStandby", "DrRecoveryPointOlderThanRpo", "DrDrillFailed", "DrDrillMissed",
                "DrNotificationsFailing", "DrDeadLettersGrowing", "DrServiceDown", "Watchdog");
    }

    @Test
    void everyDashboardMetricIsRegisteredByAServiceAndAggregatedAcrossReplicas() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        String sources = sources();
        List<String> problems = new ArrayList<>();
        Set<String> rows = new TreeSet<>();
        int exprs = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                rows.add(panel.get("title").asText());
                continue;
            }
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                exprs++;
                Matcher m = SERIES.matcher(expr);
                boolean any = false;
                while (m.find()) {
                    any = true;
                    if (meterNames(m.group(1)).stream().noneMatch(n -> sources.contains("\"" + n + "\""))
                            && !recoveryMeter(m.group(1), sources)) {
                        problems.add(panel.get("title").asText() + ": " + m.group(1) + " is registered by no service");
                    }
                }
                if (any && !AGGREGATION.matcher(expr).find()) {
                    problems.add(panel.get("title").asText() + ": '" + expr + "' is not aggregated (one series per "
                            + "replica)");
                }
                if (expr.contains("_max{") || expr.contains("_max)")) {
                    problems.add(panel.get("title").asText() + ": a _max gauge decays between scrapes; use the "
                            + "histogram or counter");
                }
                if (expr.contains(" / ") && expr.contains(" on") && !expr.matches("(?s).*/ on *\\([^)]*\\) *max by.*")) {
                    problems.add(panel.get("title").asText() + ": divide aggregated series (one per label set)");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(exprs).isGreaterThan(15);
        assertThat(rows).contains("Backups and WAL archive", "Restores and drills", "Notifications", "Replication");
    }

    /** The Micrometer names a Prometheus series can come from (dots for underscores, unit and type suffixes off). */
    static List<String> meterNames(String series) {
        List<String> names = new ArrayList<>();
        String base = series.replaceAll("_(bucket|count|sum|max)$", "");
        names.add(base.replace('_', '.'));
        for (String suffix : List.of("_total", "_seconds")) {
            if (base.endsWith(suffix)) {
                names.add(base.substring(0, base.length() - suffix.length()).replace('_', '.'));
            }
        }
        // A topic name ("dr.drills") in the sources is not a meter.
        names.removeAll(org.efp.dr.testkit.Infrastructure.TOPICS);
        return names;
    }

    /** metrics-service's dr.recovery.&lt;metric&gt; summaries, named from the metric ids of its Breach class. */
    private static boolean recoveryMeter(String series, String sources) {
        Matcher m = Pattern.compile("dr_recovery_([a-z_]+)_seconds(_bucket|_count|_sum|_max)?").matcher(series);
        return m.matches() && sources.contains("\"dr.recovery.\" + metric.replace('_', '.')")
                && sources.contains("\"" + m.group(1) + "\"");
    }

    private static String sources() {
        StringBuilder all = new StringBuilder();
        for (String module : List.of("backup-service", "restore-service", "failover-service", "notifier-service",
                "metrics-service", "common")) {
            for (Path f : Repo.files(Repo.ROOT.resolve(module).resolve("src/main/java"), ".java")) {
                all.append(Repo.read(f));
            }
        }
        return all.toString();
    }
}
