package org.efp.dr.failover.detection;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.efp.dr.common.events.Require;
import org.efp.dr.common.events.Severity;

/** Turns one Alertmanager alert into a declaration, by the configured label mapping. */
public final class AlertMapping {

    private final String componentLabel;
    private final String severityLabel;
    private final Map<String, String> components;
    private final Map<String, String> severities;
    private final String nodeLabel;
    private final Pattern replicaLag;

    public AlertMapping(String componentLabel, String severityLabel, Map<String, String> components,
            Map<String, String> severities) {
        this(componentLabel, severityLabel, components, severities, "instance", AlertsConfig.REPLICA_LAG_PATTERN);
    }

    public AlertMapping(String componentLabel, String severityLabel, Map<String, String> components,
            Map<String, String> severities, String nodeLabel, String replicaLagPattern) {
        this.nodeLabel = nodeLabel;
        this.replicaLag = Pattern.compile(replicaLagPattern);
        this.componentLabel = componentLabel;
        this.severityLabel = severityLabel;
        this.components = Map.copyOf(components);
        this.severities = Map.copyOf(severities);
    }

    public static AlertMapping of(AlertsConfig config) {
        return new AlertMapping(config.componentLabel(), config.severityLabel(), config.components(),
                config.severities(), config.nodeLabel(), config.replicaLagAlerts());
    }

    /**
     * The annotation naming the rule's pending time ({@code for}), e.g. {@code pending_for: 10s}. Prometheus starts
     * an alert when it fires, after that time; the outage began when the condition first held, that much earlier.
     */
    public static final String PENDING_ANNOTATION = "pending_for";
    private static final Pattern PENDING = Pattern.compile("([0-9]{1,4})(s|m)");
    private static final java.time.Duration MAX_PENDING = java.time.Duration.ofHours(1);

    /**
     * The declaration of a firing alert; {@code receivedAt} becomes detectedAt. The outage started at the alert's
     * start less the rule's pending time when the rule says it ({@link #PENDING_ANNOTATION}).
     */
    public Declaration declaration(AlertmanagerWebhook.Alert alert, Instant receivedAt, String externalUrl) {
        String component = component(alert.labels());
        String impact = firstText(alert.annotations().get("summary"), alert.annotations().get("description"),
                alert.labels().get("alertname"), "alert firing for " + component);
        Instant started = (alert.startsAt().isAfter(receivedAt) ? receivedAt : alert.startsAt())
                .minus(pending(alert.annotations().get(PENDING_ANNOTATION)));
        String source = "alertmanager" + (externalUrl == null || externalUrl.isBlank() ? "" : " " + externalUrl);
        String alertName = alert.labels().getOrDefault("alertname", "");
        return new Declaration(component, severity(alert.labels()), impact, source, started, receivedAt,
                "alertmanager:" + alert.fingerprint(), node(alert.labels()), replicaLag.matcher(alertName).matches());
    }

    /** The rule's pending time from its annotation; zero when absent or not a plain {@code 10s}/{@code 2m}. */
    static java.time.Duration pending(String annotation) {
        if (annotation == null) {
            return java.time.Duration.ZERO;
        }
        java.util.regex.Matcher m = PENDING.matcher(annotation.strip());
        if (!m.matches()) {
            return java.time.Duration.ZERO;
        }
        java.time.Duration d = "m".equals(m.group(2)) ? java.time.Duration.ofMinutes(Long.parseLong(m.group(1)))
                : java.time.Duration.ofSeconds(Long.parseLong(m.group(1)));
        return d.compareTo(MAX_PENDING) > 0 ? MAX_PENDING : d;
    }

    /** The {@code host:port} the alert is about, when its node label holds one. */
    String node(Map<String, String> labels) {
        String raw = labels.get(nodeLabel);
        return raw != null && raw.matches("[A-Za-z0-9._-]{1,253}:[0-9]{1,5}") ? raw : null;
    }

    String component(Map<String, String> labels) {
        String raw = firstText(labels.get(componentLabel), labels.get("service"), labels.get("job"));
        if (raw == null) {
            throw new IllegalArgumentException("alert has no " + componentLabel + ", service or job label");
        }
        String mapped = components.getOrDefault(raw, raw).toLowerCase(Locale.ROOT);
        if (mapped.length() > 64) {
            throw new IllegalArgumentException("alert component must be at most 64 characters: "
                    + Require.abbreviate(mapped));
        }
        return Require.name(mapped, "alert component (" + componentLabel + ", service or job label)");
    }

    Severity severity(Map<String, String> labels) {
        String raw = labels.get(severityLabel);
        if (raw == null) {
            return Severity.HIGH;
        }
        String mapped = severities.getOrDefault(raw.toLowerCase(Locale.ROOT), raw);
        try {
            return Severity.valueOf(mapped.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Severity.HIGH;
        }
    }

    private static String firstText(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
