package org.efp.dr.common.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event type of the contract: its CloudEvents {@code type}, payload record and topic. */
public enum EventType {
    BACKUP_REQUESTED(BackupRequested.class, Topics.COMMANDS),
    RECOVERY_REQUESTED(RecoveryRequested.class, Topics.COMMANDS),
    DRILL_REQUESTED(DrillRequested.class, Topics.COMMANDS),
    BACKUP_COMPLETED(BackupCompleted.class, Topics.BACKUPS),
    BACKUP_FAILED(BackupFailed.class, Topics.BACKUPS),
    WAL_ARCHIVED(WalArchived.class, Topics.BACKUPS),
    FILES_COVERED(FilesCovered.class, Topics.BACKUPS),
    OUTAGE_DETECTED(OutageDetected.class, Topics.INCIDENTS),
    INCIDENT_RESOLVED(IncidentResolved.class, Topics.INCIDENTS),
    RECOVERY_STARTED(RecoveryStarted.class, Topics.RECOVERIES),
    RECOVERY_STEP_COMPLETED(RecoveryStepCompleted.class, Topics.RECOVERIES),
    RECOVERY_COMPLETED(RecoveryCompleted.class, Topics.RECOVERIES),
    DRILL_COMPLETED(DrillCompleted.class, Topics.DRILLS),
    NOTIFICATION_SENT(NotificationSent.class, Topics.NOTIFICATIONS),
    RECOVERY_METRICS(RecoveryMetrics.class, Topics.METRICS),
    METRIC_THRESHOLD_BREACHED(MetricThresholdBreached.class, Topics.METRICS),
    COMPONENT_SNAPSHOT(ComponentSnapshot.class, Topics.METRICS),
    RECOVERY_MONITORED(RecoveryMonitored.class, Topics.METRICS),
    DATABASE_TOPOLOGY_CHANGED(DatabaseTopologyChanged.class, Topics.TOPOLOGY);

    /** Prefix of every CloudEvents type of the platform. */
    public static final String PREFIX = "org.efp.dr.";
    private static final String VERSION = ".v1";

    private static final Map<String, EventType> BY_TYPE =
            Arrays.stream(values()).collect(Collectors.toMap(EventType::ceType, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS =
            Arrays.stream(values()).collect(Collectors.toMap(EventType::payloadClass, Function.identity()));

    private final Class<? extends DrEvent> payloadClass;
    private final String topic;

    EventType(Class<? extends DrEvent> payloadClass, String topic) {
        this.payloadClass = payloadClass;
        this.topic = topic;
    }

    /** The CloudEvents type, e.g. {@code org.efp.dr.BackupCompleted.v1}. */
    public String ceType() {
        return PREFIX + payloadClass.getSimpleName() + VERSION;
    }

    public Class<? extends DrEvent> payloadClass() {
        return payloadClass;
    }

    public String topic() {
        return topic;
    }

    public static Optional<EventType> ofCeType(String ceType) {
        return Optional.ofNullable(BY_TYPE.get(ceType));
    }

    public static EventType of(DrEvent payload) {
        return BY_CLASS.get(payload.getClass());
    }
}
