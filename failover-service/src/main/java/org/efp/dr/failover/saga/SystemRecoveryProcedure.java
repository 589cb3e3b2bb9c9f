package org.efp.dr.failover.saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.failover.audit.AuditLog;
import org.efp.dr.failover.detection.Incident;
import org.efp.dr.failover.detection.IncidentStore;
import org.efp.dr.failover.recovery.ComponentRecoveries;
import org.efp.dr.failover.recovery.Procedure;
import org.efp.dr.failover.recovery.Recoveries;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.efp.dr.failover.recovery.StepOutcome;
import org.efp.dr.failover.runbook.Decision;
import org.efp.dr.failover.runbook.Runbook;
import org.efp.dr.failover.runbook.RunbookFile.SagaStep;

/**
 * The guide's complete system recovery: infrastructure, databases, cache, models, services, in order. Each step
 * adopts the recovery of its component already under way (a complete failure is seen after the components' own
 * plans started) or asks the service that owns it for a new one, and waits for its RecoveryCompleted (persisted, so
 * a restart keeps waiting); the first failure or timeout stops the saga, alerts "Recovery failed at step" and rolls
 * back the steps that the runbook gives a rollback action.
 */
@ApplicationScoped
public class SystemRecoveryProcedure implements Procedure {

    private final Runbook runbook;
    private final SagaChildren children;
    private final Recoveries recoveries;
    private final Clock clock;
    private final ComponentRecoveries components;
    private final IncidentStore incidents;
    private final AuditLog audit;

    public SystemRecoveryProcedure(Runbook runbook, SagaChildren children, Recoveries recoveries, Clock clock,
            ComponentRecoveries components, IncidentStore incidents, AuditLog audit) {
        this.components = components;
        this.incidents = incidents;
        this.audit = audit;
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
            return QuarkusTransaction.requiringNew().call(() -> begin(job, index, step, now));
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
            throw new IllegalStateException((c.adopted() ? "adopted recovery " + c.recoveryId() + " ended "
                    + c.status() + ": " : "") + (c.error() == null ? c.status() : c.error()));
        }
        return StepOutcome.done(step.name() + " completed by " + (c.adopted() ? "the adopted recovery " : "")
                + c.recoveryId());
    }

    /**
     * Starts the step: a recovery of its component already running (or one that succeeded since the outage began) is
     * adopted, never asked for twice; else the component is claimed for a new one, whose action is the step's, except
     * for a failover-or-restore component whose primary does not take writes (then, as its own plan: promote a
     * standby within the RPO, else build a new primary from BASE + WAL). A new recovery carries the component's open
     * incident, so that incident is measured by it.
     */
    private StepOutcome begin(RecoveryJob job, int index, SagaStep step, Instant now) {
        Duration timeout = timeout(job, step);
        Instant deadline = now.plus(timeout);
        String childId = job.recoveryId() + "-" + step.name();
        if (job.dryRun()) {
            children.add(childId, job.recoveryId(), index, deadline);
            recoveries.request(new RecoveryRequested(job.incidentId(), childId, step.component(), step.action(),
                    step.target(), null, null, true, "system-recovery", now,
                    Map.of("parent", job.recoveryId(), "step", step.name())));
            return StepOutcome.waitFor(childId, deadline, "requested " + step.action() + " as " + childId);
        }
        Instant outageStarted = Instant.parse(job.parameter("outageStartedAt", job.createdAt().toString()));
        Optional<ComponentRecoveries.Holder> holder = components.holder(step.component());
        if (holder.isPresent() && holder.get().covers(outageStarted)) {
            return adopt(job, index, holder.get().recoveryId(), holder.get().action(), holder.get().incidentId(),
                    deadline);
        }
        Optional<Decision> lost = runbook.lostPrimary(step.component());
        RecoveryAction action = lost.map(Decision::action).orElse(step.action());
        String target = lost.map(Decision::target).orElse(step.target());
        String incidentId = incidents.newestOpen(List.of(step.component()), Instant.EPOCH, false).stream()
                .map(Incident::incidentId).findFirst().orElse(job.incidentId());
        Optional<ComponentRecoveries.Running> running = components.claim(step.component(), childId, incidentId,
                action.name(), timeout, true);
        if (running.isPresent()) {
            return adopt(job, index, running.get().recoveryId(), running.get().action(), running.get().incidentId(),
                    deadline);
        }
        children.add(childId, job.recoveryId(), index, deadline);
        Map<String, String> parameters = new LinkedHashMap<>(Map.of("parent", job.recoveryId(), "step", step.name()));
        lost.ifPresent(d -> parameters.put("reason", d.reason()));
        recoveries.request(new RecoveryRequested(incidentId, childId, step.component(), action, target, null, null,
                false, "system-recovery", now, parameters));
        return StepOutcome.waitFor(childId, deadline, "requested " + action + (target == null ? "" : " " + target)
                + " as " + childId + lost.map(d -> " (" + d.reason() + ")").orElse(""));
    }

    private StepOutcome adopt(RecoveryJob job, int index, String recoveryId, String action, String incidentId,
            Instant deadline) {
        children.adopt(recoveryId, job.recoveryId(), index, deadline);
        audit.record("system-recovery", "adopt-recovery", job.recoveryId(), "step " + index + " waits on " + action
                + " " + recoveryId + " of incident " + incidentId + ", already under way");
        boolean ended = children.find(job.recoveryId(), index).map(c -> c.status() != null).orElse(false);
        // One that already ended is looked at again at once; else its RecoveryCompleted wakes the saga.
        return StepOutcome.waitFor(recoveryId, ended ? clock.instant() : deadline, "adopted " + action + " "
                + recoveryId + " of incident " + incidentId + (ended ? ", already ended" : ", already under way"));
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
