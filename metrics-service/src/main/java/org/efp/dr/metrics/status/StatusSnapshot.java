package org.efp.dr.metrics.status;

import java.time.Instant;
import java.util.List;

import org.efp.dr.metrics.drill.DrillHistory.Capacity;
import org.efp.dr.metrics.drill.DrillReport;

/**
 * What the status page shows at one instant: whether the platform is protected right now (and if not, why), each
 * component's RPO exposure against its objective, the newest backup and WAL archive state per target, the database
 * clusters' topology, the incidents with their detect / respond / recover timeline, and the drill history.
 * Durations are whole seconds; a value not known is null.
 */
public record StatusSnapshot(Instant takenAt, boolean protectedNow, List<String> risks,
        List<ComponentStatus> components, List<BackupStatus> backups, List<WalStatus> walArchives,
        List<ClusterStatus> clusters, List<IncidentStatus> incidents, List<DrillReport> drills) {

    /** One row of the RTO/RPO table; {@code capacity}: the largest database its RTO holds, per the latest drill. */
    public record ComponentStatus(String component, String name, long rtoSeconds, Long rpoSeconds, String rpoKind,
            Instant newestPointAt, Long exposureSeconds, Boolean rpoMet, long openIncidents, Capacity capacity) {
    }

    /** The newest backup of a target, its age and the RPO of the component it protects. */
    public record BackupStatus(String target, String component, String backupId, String kind, Instant consistentAt,
            Instant completedAt, long sizeBytes, long ageSeconds, Long rpoSeconds, Boolean withinRpo) {
    }

    /**
     * A target's WAL archive: {@code lagSeconds} as the archiver reported it, {@code ageSeconds} since the newest
     * archived commit (what is lost if the database goes now), {@code gaps} segments missing.
     */
    public record WalStatus(String target, String component, Instant archivedTo, double lagSeconds, long ageSeconds,
            int gaps, Instant reportedAt, Long rpoSeconds, Boolean withinRpo) {
    }

    /** A database cluster per the newest topology: its primary (null while none is writable) and standbys. */
    public record ClusterStatus(String cluster, long generation, String primary, long streamingStandbys,
            List<Node> standbys, List<String> fenced, String reason, String incidentId, Instant changedAt) {
    }

    /** A standby: whether it streams from the primary and how far behind it replays. */
    public record Node(String address, Boolean streaming, Double lagSeconds) {
    }

    /** An incident and its timeline; {@code open} until a recovery counted (monitoring passed). */
    public record IncidentStatus(String incidentId, String component, String severity, String state, boolean open,
            String monitoring, Instant outageStartedAt, Long rtoSeconds, Boolean rtoMet, List<Phase> phases) {
    }

    /**
     * One phase of an incident (detect, respond, recover) against its limit: {@code to} is null while it runs,
     * {@code seconds} then counts up to now; {@code met} is null while it runs within its limit.
     */
    public record Phase(String name, Instant from, Instant to, Long seconds, long limitSeconds, String limitName,
            Boolean met) {
    }
}
