package org.efp.dr.metrics.support;

import java.time.Instant;
import java.util.List;

import org.efp.dr.common.events.BackupCompleted;
import org.efp.dr.common.events.BackupKind;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStarted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.common.events.Severity;

/** Event payloads of one incident's life, with only what the metrics depend on to choose. */
public final class Incidents {

    private Incidents() {
    }

    public static OutageDetected outage(String incidentId, String component, Severity severity, Instant startedAt,
            Instant detectedAt) {
        return new OutageDetected(incidentId, component, severity, "forecasts unavailable", "probe", startedAt,
                detectedAt, "fp-" + incidentId);
    }

    public static RecoveryStarted started(String incidentId, String component, Instant at) {
        return new RecoveryStarted(incidentId, "rec-" + incidentId, component, RecoveryAction.RESTART, at,
                at.plusSeconds(600), List.of("restart"));
    }

    public static RecoveryStepCompleted step(String incidentId, Instant startedAt, Instant completedAt) {
        return new RecoveryStepCompleted(incidentId, "rec-" + incidentId, "restart", 0, RecoveryStatus.SUCCEEDED,
                startedAt, completedAt, "restarted");
    }

    public static RecoveryCompleted completed(String incidentId, String component, Instant startedAt,
            Instant completedAt, long dataLossSeconds) {
        return new RecoveryCompleted(incidentId, "rec-" + incidentId, component, RecoveryAction.RESTART,
                RecoveryStatus.SUCCEEDED, startedAt, completedAt, "standby", completedAt.minusSeconds(dataLossSeconds),
                dataLossSeconds, null, List.of());
    }

    public static BackupCompleted backup(String target, Instant consistentAt) {
        return new BackupCompleted("bk-" + target + "-" + consistentAt.toEpochMilli(), target, BackupKind.FULL,
                "s3://efp-dr-backups/" + target + "/manifest.json", 1024, 512, "a".repeat(64), consistentAt,
                consistentAt.plusSeconds(1), consistentAt, consistentAt.plusSeconds(86_400), null);
    }
}
