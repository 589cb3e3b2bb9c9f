package org.efp.dr.failover.runbook;

import java.time.Duration;
import java.util.function.Supplier;

import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.failover.database.StandbyStatus;

/** The runbook's rules, free of I/O: a plan and (for databases) the standby's state give a decision. */
public final class RunbookDecider {

    private final Duration databaseRpo;
    private final long maxLagBytes;

    public RunbookDecider(Duration databaseRpo, long maxLagBytes) {
        this.databaseRpo = databaseRpo;
        this.maxLagBytes = maxLagBytes;
    }

    public Decision decide(RunbookFile.Entry entry, Supplier<StandbyStatus> standby) {
        return decide(entry, standby, false);
    }

    /**
     * As {@link #decide(RunbookFile.Entry, Supplier)}; {@code primaryLost} says the primary does not answer, so with
     * no standby within the RPO a new primary is built from BASE + WAL (restoring into the lost one cannot work).
     */
    public Decision decide(RunbookFile.Entry entry, Supplier<StandbyStatus> standby, boolean primaryLost) {
        String target = entry.target();
        return switch (entry.parsedPlan()) {
            case FAILOVER_OR_RESTORE -> databaseDecision(target, standby.get(), primaryLost);
            case RESTORE_DATABASE -> new Decision(RecoveryAction.RESTORE_DATABASE, target, false,
                    "runbook: restore from backup");
            case RESTORE_MODELS -> new Decision(RecoveryAction.RESTORE_MODELS, target, false,
                    "runbook: restore model artifacts");
            case RESTART -> new Decision(RecoveryAction.RESTART, target, true, "runbook: restart deployments");
            case REGION_FAILOVER -> new Decision(RecoveryAction.REGION_FAILOVER, target, true,
                    "runbook: fail over to the backup region");
            case SYSTEM_RECOVERY -> new Decision(RecoveryAction.SYSTEM_RECOVERY, target, true,
                    "runbook: complete system recovery");
            case NOTIFY_ONLY -> Decision.none("runbook: no automatic action for this component");
        };
    }

    private Decision databaseDecision(String target, StandbyStatus standby, boolean primaryLost) {
        if (standby.withinRpo(databaseRpo, maxLagBytes)) {
            return new Decision(RecoveryAction.DATABASE_FAILOVER, target, true,
                    "standby within RPO " + databaseRpo + ": " + standby.describe());
        }
        if (primaryLost) {
            return new Decision(RecoveryAction.DATABASE_REBUILD, target, false,
                    "primary lost and no standby within RPO " + databaseRpo + " (" + standby.describe()
                            + "): build a new primary from the latest BASE backup and the WAL archive");
        }
        return new Decision(RecoveryAction.RESTORE_DATABASE, target, false,
                "no standby within RPO " + databaseRpo + " (" + standby.describe() + "): restore from backup");
    }
}
