package org.efp.dr.failover.recovery;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.common.jobs.JobWorker;
import org.jboss.logging.Logger;

/**
 * The recovery queue on the common job worker: recovery jobs run outside any consumer's transaction. Each finished
 * step is persisted with its event before the next begins, and a claim also takes over a job whose lease expired, so
 * a restarted instance resumes an orphaned job at the step that was in flight.
 */
@ApplicationScoped
public class Worker implements JobWorker.Queue<RecoveryJob> {

    private static final Logger LOG = Logger.getLogger(Worker.class);

    private final JobStore jobs;
    private final Procedures procedures;
    private final EventPublisher publisher;
    private final WorkerConfig config;
    private final Clock clock;
    private final JobWorker<RecoveryJob> worker;

    public Worker(JobStore jobs, Procedures procedures, EventPublisher publisher, WorkerConfig config, Clock clock) {
        this.jobs = jobs;
        this.procedures = procedures;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
        this.worker = new JobWorker<>("recovery-worker", "worker-" + UUID.randomUUID(), config.threads(), this);
    }

    void start(@Observes StartupEvent ignored) {
        // (no separate stale check: a claim takes over expired leases and resumes them)
        worker.start(new JobWorker.Timing(config.poll(), config.heartbeat(), config.lease()));
    }

    /** Looks for work now instead of at the next poll (called after a job commits). */
    public void wake() {
        worker.wake();
    }

    @Override
    public Optional<RecoveryJob> claim(String owner) {
        return QuarkusTransaction.requiringNew().call(() -> jobs.claim(owner, config.lease()));
    }

    @Override
    public String id(RecoveryJob job) {
        return job.recoveryId();
    }

    @Override
    public void heartbeat(String owner, Set<String> running) {
        QuarkusTransaction.requiringNew().run(() -> jobs.heartbeat(owner, running));
    }

    @Override
    public void run(RecoveryJob job, String owner) {
        Procedure procedure = procedures.forAction(job.action()).orElseThrow();
        List<String> steps = procedure.steps(job);
        Map<String, String> state = new HashMap<>(job.state());
        for (int i = job.nextStep(); i < steps.size(); i++) {
            Instant started = clock.instant();
            StepOutcome outcome;
            try {
                outcome = procedure.run(job, i, state);
            } catch (Exception e) {
                fail(job, owner, procedure, steps, i, started, state, e);
                return;
            }
            if (outcome.waiting()) {
                QuarkusTransaction.requiringNew().run(() ->
                        jobs.waiting(job.recoveryId(), owner, state, outcome.waitUntil(), outcome.waitingFor()));
                return;
            }
            int index = i;
            boolean kept = QuarkusTransaction.requiringNew().call(() -> {
                if (!jobs.stepDone(job.recoveryId(), owner, index + 1, state)) {
                    return false;
                }
                publisher.publish(new RecoveryStepCompleted(job.incidentId(), job.recoveryId(), steps.get(index),
                        index, RecoveryStatus.SUCCEEDED, started, clock.instant(), outcome.detail()),
                        job.recoveryId() + "-step-" + index);
                return true;
            });
            if (!kept) {
                LOG.warnf("lost the lease, stopping recoveryId=%s step=%s", job.recoveryId(), steps.get(i));
                return;
            }
            LOG.infof("step done recoveryId=%s step=%s detail=%s", job.recoveryId(), steps.get(i), outcome.detail());
        }
        Completion done = procedure.completion(job, state);
        QuarkusTransaction.requiringNew().run(() -> {
            if (jobs.finish(job.recoveryId(), owner, RecoveryStatus.SUCCEEDED.name(), state, null)) {
                publisher.publish(new RecoveryCompleted(job.incidentId(), job.recoveryId(), job.component(),
                        job.action(), RecoveryStatus.SUCCEEDED, started(job), clock.instant(), done.restoredFrom(),
                        done.recoveredTo(), done.dataLossSeconds(), null, done.nextSteps(), null, done.details()),
                        job.recoveryId() + "-completed");
            }
        });
        LOG.infof("recovery succeeded recoveryId=%s action=%s", job.recoveryId(), job.action());
    }

    private void fail(RecoveryJob job, String owner, Procedure procedure, List<String> steps, int index,
            Instant started, Map<String, String> state, Exception cause) {
        String error = procedure.failure(steps.get(index),
                cause.getMessage() == null ? cause.toString() : cause.getMessage());
        LOG.errorf("recovery step failed recoveryId=%s step=%s error=%s", job.recoveryId(), steps.get(index), error);
        if (!QuarkusTransaction.requiringNew().call(() -> jobs.owns(job.recoveryId(), owner))) {
            // Another worker took the job over (this one's lease expired): its rollback is not ours to run.
            LOG.warnf("lost the lease, not rolling back recoveryId=%s step=%s", job.recoveryId(), steps.get(index));
            return;
        }
        List<String> undone;
        try {
            undone = procedure.rollback(job, index, state, error);
        } catch (RuntimeException e) {
            undone = List.of();
            error = error + "; rollback failed: " + e.getMessage();
        }
        RecoveryStatus status = undone.isEmpty() ? RecoveryStatus.FAILED : RecoveryStatus.ROLLED_BACK;
        String finalError = error;
        List<String> next = undone.isEmpty() ? List.of("manual recovery: " + error)
                : undone.stream().map(u -> "rolled back: " + u).toList();
        QuarkusTransaction.requiringNew().run(() -> {
            if (jobs.finish(job.recoveryId(), owner, status.name(), state, finalError)) {
                publisher.publish(new RecoveryStepCompleted(job.incidentId(), job.recoveryId(), steps.get(index),
                        index, RecoveryStatus.FAILED, started, clock.instant(), finalError),
                        job.recoveryId() + "-step-" + index);
                publisher.publish(new RecoveryCompleted(job.incidentId(), job.recoveryId(), job.component(),
                        job.action(), status, started(job), clock.instant(), null, null, null, finalError, next),
                        job.recoveryId() + "-completed");
            }
        });
    }

    private Instant started(RecoveryJob job) {
        return job.startedAt() == null ? job.createdAt() : job.startedAt();
    }

    @PreDestroy
    void stop() {
        worker.close();
    }
}
