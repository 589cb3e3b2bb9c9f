package org.efp.dr.common.events;

import java.util.List;

/** Kafka topic names of the platform. */
public final class Topics {

    /** BackupRequested, RecoveryRequested, DrillRequested: what someone asks the platform to do. */
    public static final String COMMANDS = "dr.commands";
    /** BackupCompleted, BackupFailed, WalArchived, FilesCovered. */
    public static final String BACKUPS = "dr.backups";
    /** OutageDetected. */
    public static final String INCIDENTS = "dr.incidents";
    /** RecoveryStarted, RecoveryStepCompleted, RecoveryCompleted. */
    public static final String RECOVERIES = "dr.recoveries";
    /** DrillCompleted. */
    public static final String DRILLS = "dr.drills";
    /** NotificationSent. */
    public static final String NOTIFICATIONS = "dr.notifications";
    /** RecoveryMetrics, MetricThresholdBreached and ComponentSnapshot, for dashboards. */
    public static final String METRICS = "dr.metrics";
    /** DatabaseTopologyChanged: compacted, key = cluster, so the latest state of each cluster is always there. */
    public static final String TOPOLOGY = "dr.topology";
    /** Records no consumer could process, with the reason in a header. */
    public static final String DEAD_LETTER = "dr.dead-letter";

    /** Every topic, for provisioning. */
    public static final List<String> ALL =
            List.of(COMMANDS, BACKUPS, INCIDENTS, RECOVERIES, DRILLS, NOTIFICATIONS, METRICS, TOPOLOGY,
                    DEAD_LETTER);

    /** Topics whose retention is compaction by key: the latest record of a key is the state. */
    public static final List<String> COMPACTED = List.of(TOPOLOGY);

    private Topics() {
    }
}
