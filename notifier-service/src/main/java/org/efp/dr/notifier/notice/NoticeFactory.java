package org.efp.dr.notifier.notice;

import static org.efp.dr.notifier.template.TemplateFields.BACKUP_FAILED;
import static org.efp.dr.notifier.template.TemplateFields.DRILL_RESULT;
import static org.efp.dr.notifier.template.TemplateFields.OUTAGE_DETECTED;
import static org.efp.dr.notifier.template.TemplateFields.RECOVERY_COMPLETED;
import static org.efp.dr.notifier.template.TemplateFields.RECOVERY_FAILED;
import static org.efp.dr.notifier.template.TemplateFields.RECOVERY_STARTED;
import static org.efp.dr.notifier.template.TemplateFields.THRESHOLD_BREACHED;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.efp.dr.common.config.RecoveryObjectives;
import org.efp.dr.common.events.BackupFailed;
import org.efp.dr.common.events.DrillCompleted;
import org.efp.dr.common.events.MetricThresholdBreached;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.ReceivedEvent;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStarted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.Severity;
import org.efp.dr.notifier.template.TemplateCatalog;

/**
 * Turns an event into the notice people should get, with every template field filled from the event, or nothing
 * for events nobody is told about. Recovery events take the severity of their incident's outage.
 */
public final class NoticeFactory {

    private final TemplateCatalog templates;
    private final RecoveryObjectives objectives;
    private final Function<String, String> actions;

    public NoticeFactory(TemplateCatalog templates, RecoveryObjectives objectives, Function<String, String> actions) {
        this.templates = templates;
        this.objectives = objectives;
        this.actions = actions;
    }

    /** The notice for {@code event}; {@code incidentSeverity} looks up the severity of an incident seen before. */
    public Optional<Notice> from(ReceivedEvent event, Function<String, Optional<Severity>> incidentSeverity) {
        Builder b = new Builder(event);
        Object payload = event.payload();
        if (payload instanceof OutageDetected e) {
            b.incident(e.incidentId(), e.component(), e.severity(), OUTAGE_DETECTED, e.detectedAt())
                    .put("impact", e.impact())
                    .put("eta", eta(e))
                    .put("actions", actions.apply(e.component()));
        } else if (payload instanceof RecoveryStarted e) {
            b.incident(e.incidentId(), e.component(), incidentSeverity.apply(e.incidentId()).orElse(Severity.HIGH),
                            RECOVERY_STARTED, e.startedAt())
                    .dedupOn(e.recoveryId())
                    .put("duration", FieldText.duration(Duration.between(e.startedAt(), e.eta())))
                    .put("status", "IN_PROGRESS (" + e.action() + ")")
                    .put("actions", FieldText.list(e.plannedSteps(), e.action().name()));
        } else if (payload instanceof RecoveryCompleted e) {
            boolean ok = e.status() == RecoveryStatus.SUCCEEDED;
            Severity severity = ok ? incidentSeverity.apply(e.incidentId()).orElse(Severity.HIGH) : Severity.CRITICAL;
            b.incident(e.incidentId(), e.component(), severity, ok ? RECOVERY_COMPLETED : RECOVERY_FAILED,
                            e.completedAt())
                    .dedupOn(e.recoveryId())
                    .put("duration", FieldText.duration(Duration.between(e.startedAt(), e.completedAt())))
                    .put("status", e.status().name())
                    .put("next_steps", FieldText.list(e.nextSteps(), "none"))
                    .put("error", FieldText.orNone(e.error()));
        } else if (payload instanceof BackupFailed e) {
            b.other("backup:" + e.backupId(), e.target(), e.target(), Severity.HIGH, BACKUP_FAILED, e.failedAt())
                    .put("backup_id", e.backupId())
                    .put("kind", e.kind().name())
                    .put("reason", e.reason())
                    .put("error", e.error());
        } else if (payload instanceof DrillCompleted e) {
            b.other("drill:" + e.drillId(), e.drillId(), e.scenario(), e.success() ? Severity.LOW : Severity.HIGH,
                            DRILL_RESULT, e.completedAt())
                    .put("scenario", e.scenario())
                    .put("drill_type", e.type())
                    .put("result", e.success() ? "PASSED" : "FAILED")
                    .put("duration", FieldText.seconds(e.durationSeconds()))
                    .put("rto", FieldText.seconds(e.measuredRtoSeconds()))
                    .put("rto_objective", FieldText.seconds(e.rtoObjectiveSeconds()))
                    .put("rpo", FieldText.seconds(e.measuredRpoSeconds()))
                    .put("rpo_objective", FieldText.seconds(e.rpoObjectiveSeconds()))
                    .put("error", FieldText.orNone(e.error()));
        } else if (payload instanceof MetricThresholdBreached e) {
            if (e.incidentId() != null) {
                b.incident(e.incidentId(), e.component(), e.severity(), THRESHOLD_BREACHED, e.breachedAt());
            } else {
                b.other("metric:" + e.component() + ":" + e.breachedAt(), e.component(), e.component(),
                        e.severity(), THRESHOLD_BREACHED, e.breachedAt());
            }
            b.dedupOn(e.metric())
                    .put("metric", e.metric())
                    .put("threshold", FieldText.seconds(e.thresholdSeconds()))
                    .put("observed", FieldText.seconds(e.observedSeconds()))
                    .put("incident_open", e.incidentOpen() ? "yes" : "no");
        } else {
            return Optional.empty();
        }
        return Optional.of(b.build());
    }

    private String eta(OutageDetected e) {
        return objectives.forComponent(e.component())
                .map(o -> FieldText.time(e.detectedAt().plus(o.rto())) + " (RTO " + FieldText.duration(o.rto()) + ")")
                .orElse("unknown (no recovery objective for " + e.component() + ")");
    }

    private final class Builder {
        private final ReceivedEvent event;
        private final Map<String, String> values = new HashMap<>();
        private String dedupKey;
        private String groupKey;
        private String incidentId;
        private String template;
        private String component;
        private Severity severity;

        Builder(ReceivedEvent event) {
            this.event = event;
        }

        Builder incident(String incident, String comp, Severity sev, String tmpl, Instant at) {
            incidentId = incident;
            return other(incident + ":" + tmpl, incident, comp, sev, tmpl, at);
        }

        Builder other(String dedup, String group, String comp, Severity sev, String tmpl, Instant at) {
            dedupKey = incidentId == null ? dedup + ":" + tmpl : dedup;
            groupKey = group;
            component = comp;
            severity = sev;
            template = tmpl;
            put("timestamp", FieldText.time(at)).put("component", comp).put("severity", sev.name())
                    .put("incident_id", incidentId == null ? "none" : incidentId);
            return this;
        }

        Builder dedupOn(String discriminator) {
            dedupKey = dedupKey + ":" + discriminator;
            return this;
        }

        Builder put(String field, String value) {
            values.put(field, value);
            return this;
        }

        Notice build() {
            return new Notice(event.id(), event.envelope().type(), dedupKey, groupKey, incidentId, template,
                    component, severity, templates.render(template, values), event.envelope().time());
        }
    }
}
