package org.efp.dr.metrics.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.delivery.EventHandler;
import org.efp.dr.common.events.BackupCompleted;
import org.efp.dr.common.events.FilesCovered;
import org.efp.dr.common.events.WalArchived;
import org.efp.dr.common.events.DrEvent;
import org.efp.dr.common.events.DrillCompleted;
import org.efp.dr.common.events.IncidentResolved;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.common.events.ReceivedEvent;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStarted;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.metrics.drill.DrillHistory;
import org.efp.dr.metrics.incident.IncidentTracker;
import org.efp.dr.metrics.monitor.RecoveryMonitor;
import org.efp.dr.metrics.rpo.RecoveryPoints;
import org.efp.dr.metrics.status.BackupTargets;
import org.efp.dr.metrics.status.StatusChanges;
import org.jboss.logging.Logger;

/** What metrics-service does with backup, incident, recovery and drill events. */
@ApplicationScoped
public class MetricsEvents implements EventHandler {

    private static final Logger LOG = Logger.getLogger(MetricsEvents.class);

    private final IncidentTracker incidents;
    private final RecoveryPoints recoveryPoints;
    private final DrillHistory drills;
    private final RecoveryMonitor monitor;
    private final BackupTargets backupTargets;
    private final StatusChanges statusChanges;

    public MetricsEvents(IncidentTracker incidents, RecoveryPoints recoveryPoints, DrillHistory drills,
            RecoveryMonitor monitor, BackupTargets backupTargets, StatusChanges statusChanges) {
        this.incidents = incidents;
        this.recoveryPoints = recoveryPoints;
        this.drills = drills;
        this.monitor = monitor;
        this.backupTargets = backupTargets;
        this.statusChanges = statusChanges;
    }

    @Override
    public void handle(ReceivedEvent event) {
        LOG.debugf("event received type=%s eventId=%s subject=%s", event.type(), event.id(),
                event.envelope().subject());
        DrEvent payload = event.payload();
        if (payload instanceof OutageDetected outage) {
            incidents.onOutage(outage);
        } else if (payload instanceof IncidentResolved resolved) {
            incidents.onResolved(resolved);
        } else if (payload instanceof RecoveryStarted started) {
            incidents.onRecoveryStarted(started);
        } else if (payload instanceof RecoveryStepCompleted step) {
            incidents.onStep(step);
        } else if (payload instanceof RecoveryCompleted completed) {
            if (!IncidentTracker.partOfAnother(completed.recoveryId())) {
                incidents.lock(completed.incidentId());
                incidents.onRecoveryCompleted(completed, monitor.begin(completed));
            }
        } else if (payload instanceof BackupCompleted backup) {
            recoveryPoints.onBackup(backup);
            backupTargets.onBackup(backup);
        } else if (payload instanceof WalArchived wal) {
            recoveryPoints.onWalArchived(wal);
            backupTargets.onWalArchived(wal);
        } else if (payload instanceof FilesCovered covered) {
            recoveryPoints.onFilesCovered(covered);
        } else if (payload instanceof DrillCompleted drill) {
            drills.onDrill(drill);
        }
        statusChanges.changedAfterCommit();
    }
}
