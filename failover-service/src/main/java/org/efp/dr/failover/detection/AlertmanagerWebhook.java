package org.efp.dr.failover.detection;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.constraints.NotEmpty;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.efp.dr.common.events.Require;

/** Prometheus Alertmanager's webhook payload (version 4): one notification for a group of alerts. */
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(description = "Prometheus Alertmanager's webhook notification (version 4)")
public record AlertmanagerWebhook(String version, String groupKey, Integer truncatedAlerts, String status,
        String receiver, Map<String, String> groupLabels, Map<String, String> commonLabels,
        Map<String, String> commonAnnotations, String externalURL,
        @NotEmpty @Schema(description = "The alerts; an odd one is refused alone, the rest are acted on")
        List<Alert> alerts) {

    public AlertmanagerWebhook {
        if (alerts == null || alerts.isEmpty()) {
            throw new IllegalArgumentException("alerts must not be empty");
        }
        groupLabels = groupLabels == null ? Map.of() : groupLabels;
        commonLabels = commonLabels == null ? Map.of() : commonLabels;
        commonAnnotations = commonAnnotations == null ? Map.of() : commonAnnotations;
    }

    /**
     * One alert; {@code fingerprint} is stable for the same label set, so repeats share it. An odd alert is read
     * anyway and says what is wrong with it ({@link #problem()}), so one odd alert never costs its batch: Alertmanager
     * does not send a refused notification again.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Alert(@Schema(enumeration = { "firing", "resolved" }) String status, Map<String, String> labels,
            Map<String, String> annotations, Instant startsAt, Instant endsAt, String generatorURL,
            @Schema(description = "Stable for the same label set", examples = "4f3c2a1b0e9d8c7a") String fingerprint) {

        public Alert {
            labels = labels == null ? Map.of() : labels;
            annotations = annotations == null ? Map.of() : annotations;
        }

        /** Why this alert cannot be acted on, when it cannot. */
        public Optional<String> problem() {
            if (!"firing".equals(status) && !"resolved".equals(status)) {
                return Optional.of("alert status must be firing or resolved, was "
                        + (status == null ? "missing" : Require.abbreviate(status)));
            }
            if (fingerprint == null || !fingerprint.matches("[A-Za-z0-9._:-]{1,128}")) {
                return Optional.of("alert fingerprint is required: 1-128 letters, digits, '.', '_', ':' or '-'");
            }
            if (startsAt == null) {
                return Optional.of("alert startsAt is required");
            }
            return Optional.empty();
        }

        public boolean firing() {
            return "firing".equals(status);
        }
    }
}
