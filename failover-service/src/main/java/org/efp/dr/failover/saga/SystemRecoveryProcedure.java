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
import org.efp.dr.failover.runbook.CompleteFailures;
import org.efp.dr.failover.runbook.Decision;
import org.efp.dr.failover.runbook.Plan;
import org.efp.dr.failover.runbook.Runbook;
import org.efp.dr.failover.runbook.RunbookFile.SagaStep;

/**
 * The guide's complete system recovery: infrastructure, databases, cache, models, services, in order. Each step
 * adopts the recovery of its component already under way (a complete failure is seen after the components' own
 * plans started) or asks the service that owns it for a new one, and waits for its RecoveryCompleted (persisted, so
 * a restart keeps waiting), or, for a recovery watched after it serves (a model restore), until it says it serves
 * again: the watch's verdict is the component's, and the services need not wait for it. The first failure or
 * timeout stops the saga, alerts "Recovery failed at step" and rolls back the steps that the runbook gives a rollback
 * action.
 */
@ApplicationScoped
public class SystemRecoveryProcedure implements Procedure {

    /** What a database plan may have started for a lost database. */
    private static final Set<String> DATABASE_ANSWERS = Set.of(RecoveryAction.DATABASE_FAILOVER.name(),
            RecoveryAction.DATABASE_REBUILD.name(), RecoveryAction.RESTORE_DATABASE.name());

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
        if (child.isEmpty()) {
            StepOutcome begun = QuarkusTransaction.requiringNew().call(() -> begin(job, index, step));
            child = children.find(job.recoveryId(), index);
            if (!begun.waiting() || child.isEmpty() || child.get().status() == null) {
                return begun;
            }
        }
        SagaChildren.Child c = child.get();
        if (c.status() == null) {
            if (!clock.instant().isBefore(c.deadline())) {
                throw new IllegalStateException("no RecoveryCompleted for " + c.recoveryId() + " within "
                        + timeout(job, step));
            }
            return StepOutcome.waitFor(c.recoveryId(), c.deadline(), "waiting for " + c.recoveryId());
        }
        if (RecoveryStatus.SUCCEEDED.name().equals(c.status())) {
            return StepOutcome.done(step.name() + " completed by " + (c.adopted() ? "the adopted recovery " : "")
                    + c.recoveryId());
        }
        if (SagaChildren.SERVING.equals(c.status())) {
            // Restored and serving; the watch after it is the component's, and its verdict ends the component's
            // recovery and incident. The next steps (services) need not wait for it.
            return StepOutcome.done(step.name() + ": " + (c.adopted() ? "the adopted recovery " : "") + c.recoveryId()
                    + " serves again (its watch goes on)");
        }
        String again = "again." + index;
        if (c.adopted() && !state.containsKey(again)) {
            // The component's own try failed; the step tries once itself (adopting a retry already under way).
            state.put(again, c.recoveryId());
            QuarkusTransaction.requiringNew().run(() -> children.forget(job.recoveryId(), index));
            return run(job, index, state);
        }
        throw new IllegalStateException((c.adopted() ? "adopted recovery " + c.recoveryId() + " ended " + c.status()
                + ": " : "") + (c.error() == null ? c.status() : c.error()));
    }

    /**
     * Starts the step: a recovery of its component that fits the step and is running (or succeeded since the outage
     * began) is adopted, never asked for twice; else the component is claimed for a new one, whose action is the
     * step's, except for a failover-or-restore component whose primary does not take writes (then, as its own plan:
     * promote a standby within the RPO, else build a new primary from BASE + WAL). When the runbook started the saga
     * for a complete failure and the primary takes writes, the databases are already back: nothing is restored over
     * them. A new recovery carries the component's incident open since the outage (so that incident is measured by
     * it), else the saga's own as {@code <saga>:<step>}, a part of the saga that does not count for its incident.
     */
    private StepOutcome begin(RecoveryJob job, int index, SagaStep step) {
        Instant now = clock.instant();
        Duration timeout = timeout(job, step);
        Instant deadline = now.plus(timeout);
        if (job.dryRun()) {
            String childId = job.recoveryId() + ":" + step.name();
            children.add(childId, job.recoveryId(), index, deadline);
            recoveries.request(new RecoveryRequested(job.incidentId(), childId, step.component(), step.action(),
                    step.target(), null, null, true, "system-recovery", now,
                    Map.of("parent", job.recoveryId(), "step", step.name())));
            return StepOutcome.waitFor(childId, deadline, "requested " + step.action() + " as " + childId);
        }
        Instant outageStarted = Instant.parse(job.parameter("outageStartedAt", job.createdAt().toString()));
        Optional<ComponentRecoveries.Holder> holder = components.holder(step.component());
        if (holder.isPresent() && holder.get().covers(outageStarted) && fits(step, holder.get().action())) {
            return adopt(job, index, holder.get().recoveryId(), holder.get().action(), holder.get().incidentId(),
                    deadline);
        }
        Optional<Decision> lost = runbook.lostPrimary(step.component());
        if (lost.isEmpty() && database(step) && startedFor(job, CompleteFailures.SOURCE)) {
            return StepOutcome.done(step.name() + ": the primary takes writes, nothing to restore");
        }
        RecoveryAction action = lost.map(Decision::action).orElse(step.action());
        String target = lost.map(Decision::target).orElse(step.target());
        Optional<String> incident = incidents.newest(List.of(step.component()), outageStarted.minusMillis(1), true,
                false).stream().map(Incident::incidentId).findFirst();
        String incidentId = incident.orElse(job.incidentId());
        String childId = job.recoveryId() + (incident.isPresent() ? "-" : ":") + step.name();
        Optional<ComponentRecoveries.Running> running = components.claim(step.component(), childId, incidentId,
                action.name(), timeout, true);
        if (running.isPresent() && fits(step, running.get().action())) {
            return adopt(job, index, running.get().recoveryId(), running.get().action(), running.get().incidentId(),
                    deadline);
        }
        // A recovery of another kind may hold the component (a restart where the step scales more): this one runs too.
        children.add(childId, job.recoveryId(), index, deadline);
        Map<String, String> parameters = new LinkedHashMap<>(Map.of("parent", job.recoveryId(), "step", step.name()));
        lost.ifPresent(d -> parameters.put("reason", d.reason()));
        recoveries.request(new RecoveryRequested(incidentId, childId, step.component(), action, target, null, null,
                false, "system-recovery", now, parameters));
        return StepOutcome.waitFor(childId, deadline, "requested " + action + (target == null ? "" : " " + target)
                + " as " + childId + lost.map(d -> " (" + d.reason() + ")").orElse(""));
    }

    /** Whether a recovery doing {@code action} does what the step does (for databases: any plan's answer). */
    private boolean fits(SagaStep step, String action) {
        if (database(step)) {
            return DATABASE_ANSWERS.contains(action);
        }
        return step.action().name().equals(action);
    }

    private boolean database(SagaStep step) {
        return runbook.file().entryFor(step.component()).parsedPlan() == Plan.FAILOVER_OR_RESTORE;
    }

    private boolean startedFor(RecoveryJob job, String source) {
        return incidents.find(job.incidentId()).map(i -> source.equals(i.source())).orElse(false);
    }

    private StepOutcome adopt(RecoveryJob job, int index, String recoveryId, String action, String incidentId,
            Instant deadline) {
        children.adopt(recoveryId, job.recoveryId(), index, deadline);
        audit.record("system-recovery", "adopt-recovery", job.recoveryId(), "step " + index + " waits on " + action
                + " " + recoveryId + " of incident " + incidentId + ", already under way");
        return StepOutcome.waitFor(recoveryId, deadline, "adopted " + action + " " + recoveryId + " of incident "
                + incidentId);
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
