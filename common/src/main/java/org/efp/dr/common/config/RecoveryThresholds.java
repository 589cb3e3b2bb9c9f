package org.efp.dr.common.config;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.efp.dr.common.events.Severity;

/** {@code recovery-metrics.yaml}: the guide's RECOVERY_METRICS thresholds. */
public record RecoveryThresholds(Threshold timeToDetect, Threshold timeToRespond, Threshold timeToRecover,
        Threshold dataLoss) {

    public static final String FILE = "recovery-metrics.yaml";

    /** A limit, either one for all severities or one per severity, and whether a breach alerts. */
    public record Threshold(Duration limit, Map<Severity, Duration> bySeverity, boolean alert) {

        public Threshold {
            bySeverity = Map.copyOf(bySeverity);
        }

        /** The limit for {@code severity}; a severity the file does not name takes the loosest given limit. */
        public Duration limitFor(Severity severity) {
            if (limit != null) {
                return limit;
            }
            Duration own = bySeverity.get(severity);
            return own != null ? own : bySeverity.values().stream().max(Duration::compareTo).orElseThrow();
        }
    }

    static RecoveryThresholds from(YamlNode root) {
        YamlNode metrics = root.required("recovery_metrics");
        return new RecoveryThresholds(threshold(metrics.required("time_to_detect")),
                threshold(metrics.required("time_to_respond")), threshold(metrics.required("time_to_recover")),
                threshold(metrics.required("data_loss")));
    }

    private static Threshold threshold(YamlNode node) {
        boolean alert = node.required("alert").bool();
        YamlNode limit = node.required("threshold");
        if (!limit.has("critical") && !limit.has("high") && !limit.has("medium") && !limit.has("low")) {
            return new Threshold(limit.duration(), Map.of(), alert);
        }
        Map<Severity, Duration> bySeverity = new EnumMap<>(Severity.class);
        limit.entries().forEach((name, value) -> {
            Severity severity;
            try {
                severity = Severity.valueOf(name.toUpperCase());
            } catch (IllegalArgumentException e) {
                throw value.error("is not a severity (critical, high, medium, low)");
            }
            bySeverity.put(severity, value.duration());
        });
        return new Threshold(null, bySeverity, alert);
    }
}
