package org.efp.dr.failover.recovery;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.jboss.logging.Logger;

/**
 * Runs recovery jobs outside any consumer's transaction. Each finished step is persisted with its event before the
 * next begins, so a restarted instance takes over an orphaned job (expired lease) at the step that was in flight.
 */
@ApplicationScoped
public class Worker {

    private static final Logger LOG = Logger.getLogger(Worker.class);

    private final String owner = "worker-" + UUID.randomUUID();
    private final JobStore jobs;
    private final Procedures procedures;
    private final EventPublisher publisher;
    private final WorkerConfig config;
    private final Clock clock;
    private final ExecutorService pool;
    private final Semaphore slots;
    private final BlockingQueue<Boolean> wakeups = new LinkedBlockingQueue<>();
    private volatile Thread loop;

    public Worker(JobStore jobs, Procedures procedures, EventPublisher publisher, WorkerConfig config, Clock clock) {
        this.jobs = jobs;
        this.procedures = procedures;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
        this.pool = Executors.newFixedThreadPool(config.threads(), r -> new Thread(r, "recovery-worker"));
        this.slots = new Semaphore(config.threads());
    }

    void start(@Observes StartupEvent ignored) {
        Thread loop = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    poll();
                    wakeups.poll(config.poll().toMillis(), TimeUnit.MILLISECONDS);
                    wakeups.clear();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.debugf("worker loop: %s", e.getMessage());
                }
            }
        }, "recovery-worker-loop");
        loop.setDaemon(true);
        loop.start();
        this.loop = loop;
    }

    /** Looks for work now instead of at the next poll (called after a job commits). */
    public void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    void poll() {
        while (slots.tryAcquire()) {
            Optional<RecoveryJob> claimed;
            try {
                claimed = QuarkusTransaction.requiringNew().call(() -> jobs.claim(owner, config.lease()));
            } catch (RuntimeException e) {
                slots.release();
                LOG.debugf("claim failed: %s", e.getMessage());
                return;
            }
            if (claimed.isEmpty()) {
                slots.release();
                return;
            }
            RecoveryJob job = claimed.get();
            pool.submit(() -> {
                try {
                    run(job);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "recovery worker crashed recoveryId=%s", job.recoveryId());
                } finally {
                    slots.release();
                }
            });
        }
    }

    @Scheduled(every = "2s")
    void renewLeases() {
        QuarkusTransaction.requiringNew().run(() -> jobs.heartbeat(owner));
    }

    void run(RecoveryJob job) {
        Procedure procedure = procedures.forAction(job.action()).orElseThrow();
        List<String> steps = procedure.steps(job);
        Map<String, String> state = new HashMap<>(job.state());
        for (int i = job.nextStep(); i < steps.size(); i++) {
            Instant started = clock.instant();
            StepOutcome outcome;
            try {
                outcome = procedure.run(job, i, state);
            } catch (Exception e) {
                fail(job, procedure, steps, i, started, state, e);
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

    private void fail(RecoveryJob job, Procedure procedure, List<String> steps, int index, Instant started,
            Map<String, String> state, Exception cause) {
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
        if (loop != null) {
            loop.interrupt();
        }
        pool.shutdownNow();
    }
}
