package org.efp.dr.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * What failover-service does with each alert of the rule file, read the way its Alertmanager webhook reads it: the
 * {@code component} label through dr.failover.alerts.components to a runbook component, the {@code severity} label
 * through dr.failover.alerts.severities against the runbook's minimum. Only the protected database's alert may
 * start a recovery; every platform alert (a stale backup, a database outgrowing its restore capacity, ...) only
 * tells people.
 */
class AlertActionsTest {

    private static final Path RULES = Repo.ROOT.resolve("deploy/prometheus/rules/efp-dr.rules.yml");
    private static final Path FAILOVER = Repo.ROOT.resolve("failover-service/src/main/resources");
    /** Most severe first, as failover-service's Severity. */
    private static final List<String> SEVERITIES = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW");
    private static final String PROTECTED_GROUP = "efp-dr.protected";

    @Test
    void onlyTheProtectedDatabasesAlertStartsARecovery() throws IOException {
        // Given
        Map<String, Object> runbook = Repo.document(FAILOVER.resolve("runbook.yaml"));
        Properties failover = new Properties();
        failover.load(new StringReader(Repo.read(FAILOVER.resolve("application.properties"))));

        // When
        Set<String> acting = new TreeSet<>();
        Set<String> notifying = new TreeSet<>();
        for (Object g : Repo.list(Repo.document(RULES).get("groups"))) {
            if (PROTECTED_GROUP.equals(Repo.map(g).get("name"))) {
                continue;
            }
            for (Object r : Repo.list(Repo.map(g).get("rules"))) {
                Map<String, Object> rule = Repo.map(r);
                if (rule.get("alert") == null) {
                    continue;
                }
                Map<String, Object> labels = Repo.map(rule.get("labels"));
                String alert = (String) rule.get("alert");
                boolean acts = componentValues(String.valueOf(labels.get("component"))).stream()
                        .anyMatch(c -> acts(runbook, failover, c, String.valueOf(labels.get("severity"))));
                (acts ? acting : notifying).add(alert);
            }
        }

        // Then
        assertThat(acting).as("platform alerts that would start a failover, restore or restart").isEmpty();
        assertThat(notifying).contains("DrDatabaseOutgrowsRestoreCapacity", "DrRecoveryPointOlderThanRpo");
        assertThat(acts(runbook, failover, "postgres", "critical")).as("the protected database fails over").isTrue();
    }

    /** The values a component label takes: DrServiceDown's is the scrape job, one of the services. */
    private static List<String> componentValues(String label) {
        return label.contains("{{") ? Repo.SERVICES : List.of(label);
    }

    private static boolean acts(Map<String, Object> runbook, Properties failover, String label, String severity) {
        String component = failover.getProperty("dr.failover.alerts.components." + label, label)
                .toLowerCase(Locale.ROOT);
        Map<String, Object> entry = Repo.map(Repo.map(runbook.get("components")).get(component));
        if (entry.isEmpty() || "notify-only".equals(entry.get("plan"))) {
            return false;
        }
        String minimum = String.valueOf(entry.getOrDefault("minimum-severity", runbook.get("minimum-severity")));
        return SEVERITIES.indexOf(severity(failover, severity)) <= SEVERITIES.indexOf(minimum);
    }

    /** As failover-service's AlertMapping: the mapped value, and HIGH for anything it cannot read. */
    private static String severity(Properties failover, String label) {
        String mapped = failover.getProperty("dr.failover.alerts.severities." + label.toLowerCase(Locale.ROOT),
                label).toUpperCase(Locale.ROOT);
        return SEVERITIES.contains(mapped) ? mapped : "HIGH";
    }
}
