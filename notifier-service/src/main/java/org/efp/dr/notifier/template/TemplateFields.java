package org.efp.dr.notifier.template;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every template the notifier sends and the fields it fills for each; a template may use no other field. */
public final class TemplateFields {

    public static final String OUTAGE_DETECTED = "outage_detected";
    public static final String RECOVERY_STARTED = "recovery_started";
    public static final String RECOVERY_COMPLETED = "recovery_completed";
    public static final String RECOVERY_FAILED = "recovery_failed";
    public static final String BACKUP_FAILED = "backup_failed";
    public static final String DRILL_RESULT = "drill_result";
    public static final String THRESHOLD_BREACHED = "threshold_breached";

    /** Filled for every template. */
    private static final Set<String> COMMON = Set.of("timestamp", "component", "incident_id", "severity");

    private static final Map<String, Set<String>> BY_TEMPLATE = Map.of(
            OUTAGE_DETECTED, with("impact", "eta", "actions"),
            RECOVERY_STARTED, with("duration", "status", "actions"),
            RECOVERY_COMPLETED, with("duration", "status", "next_steps"),
            RECOVERY_FAILED, with("duration", "status", "next_steps", "error"),
            BACKUP_FAILED, with("backup_id", "kind", "reason", "error"),
            DRILL_RESULT, with("scenario", "drill_type", "result", "duration", "rto", "rto_objective", "rpo",
                    "rpo_objective", "error"),
            THRESHOLD_BREACHED, with("metric", "threshold", "observed", "incident_open"));

    private TemplateFields() {
    }

    /** The templates the notifier needs. */
    public static Set<String> templates() {
        return BY_TEMPLATE.keySet();
    }

    /** The fields {@code template} may use. */
    public static Set<String> allowed(String template) {
        return BY_TEMPLATE.getOrDefault(template, Set.of());
    }

    private static Set<String> with(String... fields) {
        return Stream.concat(COMMON.stream(), Stream.of(fields)).collect(Collectors.toUnmodifiableSet());
    }
}
