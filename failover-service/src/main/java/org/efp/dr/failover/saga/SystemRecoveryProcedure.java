package org.efp.dr.failover.saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.failover.recovery.Procedure;
import org.efp.dr.failover.recovery.Recoveries;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.efp.dr.failover.recovery.StepOutcome;
import org.efp.dr.failover.runbook.Runbook;
import org.efp.dr.failover.runbook.RunbookFile.SagaStep;

/**
 * The guide's complete system recovery: infrastructure, databases, cache, models, services, in order. Each step is a
 * RecoveryRequested to the service that owns it and a wait for its RecoveryCompleted (persisted, so a restart keeps
 * waiting); the first failure or timeout stops the saga, alerts "Recovery failed at step" and rolls back the steps
 * that the runbook gives a rollback action.
 */
@ApplicationScoped
public class SystemRecoveryProcedure implements Procedure {

    private final Runbook runbook;
    private final SagaChildren children;
    private final Recoveries recoveries;
    private final Clock clock;

    public SystemRecoveryProcedure(Runbook runbook, SagaChildren children, Recoveries recoveries, Clock clock) {
        this.runbook = runbook;
        this.children = children;
        this.recoveries = recoveries;
        this.clock = clock;
    }

    @Override
    public Set<RecoveryAction> actions() {
        return Set.of(RecoveryAction.SYSTEM_RECOVERY);
    }

    @Override
    public List<String> steps(RecoveryJob job) {
        return runbook.file().systemRecovery().stream().map(SagaStep::name).toList();
    }

    @Override
    public StepOutcome run(RecoveryJob job, int index, Map<String, String> state) {
        SagaStep step = runbook.file().systemRecovery().get(index);
        Optional<SagaChildren.Child> child = children.find(job.recoveryId(), index);
        Instant now = clock.instant();
        if (child.isEmpty()) {
            String childId = job.recoveryId() + "-" + step.name();
            Instant deadline = now.plus(timeout(job, step));
            QuarkusTransaction.requiringNew().run(() -> {
                children.add(childId, job.recoveryId(), index, deadline);
                recoveries.request(new RecoveryRequested(job.incidentId(), childId, step.component(), step.action(),
                        step.target(), null, null, job.dryRun(), "system-recovery", now,
                        Map.of("parent", job.recoveryId(), "step", step.name())));
            });
            return StepOutcome.waitFor(childId, deadline, "requested " + step.action() + " as " + childId);
        }
        SagaChildren.Child c = child.get();
        if (c.status() == null) {
            if (!now.isBefore(c.deadline())) {
                throw new IllegalStateException("no RecoveryCompleted for " + c.recoveryId() + " within "
                        + timeout(job, step));
            }
            return StepOutcome.waitFor(c.recoveryId(), c.deadline(), "waiting for " + c.recoveryId());
        }
        if (!RecoveryStatus.SUCCEEDED.name().equals(c.status())) {
            throw new IllegalStateException(c.error() == null ? c.status() : c.error());
        }
        return StepOutcome.done(step.action() + " " + (step.target() == null ? "" : step.target() + " ")
                + "completed by " + c.recoveryId());
    }

    @Override
    public String failure(String step, String cause) {
        return "Recovery failed at " + step + ": " + cause;
    }

    @Override
    public List<String> rollback(RecoveryJob job, int failedIndex, Map<String, String> state, String error) {
        List<SagaStep> steps = runbook.file().systemRecovery();
        List<String> undone = new ArrayList<>();
        for (int i = failedIndex - 1; i >= 0; i--) {
            SagaStep step = steps.get(i);
            if (step.rollback() == null) {
                continue;
            }
            String id = job.recoveryId() + "-rollback-" + step.name();
            QuarkusTransaction.requiringNew().run(() -> recoveries.request(new RecoveryRequested(job.incidentId(), id,
                    step.component(), step.rollback(), step.target(), null, null, job.dryRun(), "system-recovery",
                    clock.instant(), Map.of("parent", job.recoveryId(), "rollbackOf", step.name()))));
            undone.add(step.name() + " (" + step.rollback() + " " + step.target() + ")");
        }
        return undone;
    }

    private static Duration timeout(RecoveryJob job, SagaStep step) {
        String override = job.parameter("timeout." + step.name(), null);
        return override == null ? step.timeoutDuration() : Duration.parse(override);
    }
}
