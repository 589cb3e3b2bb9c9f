package org.efp.dr.failover.detection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Prometheus Alertmanager's webhook payload (version 4): one notification for a group of alerts. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertmanagerWebhook(String version, String groupKey, Integer truncatedAlerts, String status,
        String receiver, Map<String, String> groupLabels, Map<String, String> commonLabels,
        Map<String, String> commonAnnotations, String externalURL, List<Alert> alerts) {

    public AlertmanagerWebhook {
        if (alerts == null || alerts.isEmpty()) {
            throw new IllegalArgumentException("alerts must not be empty");
        }
        groupLabels = groupLabels == null ? Map.of() : groupLabels;
        commonLabels = commonLabels == null ? Map.of() : commonLabels;
        commonAnnotations = commonAnnotations == null ? Map.of() : commonAnnotations;
    }

    /** One alert; {@code fingerprint} is stable for the same label set, so repeats share it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Alert(String status, Map<String, String> labels, Map<String, String> annotations,
            Instant startsAt, Instant endsAt, String generatorURL, String fingerprint) {

        public Alert {
            if (!"firing".equals(status) && !"resolved".equals(status)) {
                throw new IllegalArgumentException("alert status must be firing or resolved, was " + status);
            }
            if (fingerprint == null || fingerprint.isBlank()) {
                throw new IllegalArgumentException("alert fingerprint is required");
            }
            if (startsAt == null) {
                throw new IllegalArgumentException("alert startsAt is required");
            }
            labels = labels == null ? Map.of() : labels;
            annotations = annotations == null ? Map.of() : annotations;
        }

        public boolean firing() {
            return "firing".equals(status);
        }
    }
}
