package org.efp.dr.common.events;

/**
 * A payload of the platform's CloudEvents. Grouped by topic; {@link #subject()} is the CloudEvents subject and the
 * Kafka record key, so one incident (or one backup target) stays ordered on one partition.
 */
public sealed interface DrEvent permits CommandEvent, BackupEvent, IncidentEvent, RecoveryEvent, DrillEvent,
        NotificationEvent, MetricsEvent, TopologyEvent {

    /** The incident id, or the backup target / drill id where there is no incident. */
    String subject();
}
