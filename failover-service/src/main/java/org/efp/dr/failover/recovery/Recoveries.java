package org.efp.dr.failover.recovery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import org.efp.dr.common.config.RecoveryObjectives;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.failover.audit.AuditLog;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStarted;
import org.jboss.logging.Logger;

/**
 * Starts recoveries: the ones this service runs become a persisted job plus RecoveryStarted (the worker picks the
 * job up after commit); the others become a RecoveryRequested for the service that owns them.
 */
@ApplicationScoped
public class Recoveries {

    private static final Logger LOG = Logger.getLogger(Recoveries.class);

    /** Why a recovery could not start. */
    public static class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /** A request that can never run as asked (a bad name or count): a 400 over REST, a refusal over Kafka. */
    public static class Invalid extends Refused {
        public Invalid(String message) {
            super(message);
        }
    }

    private final JobStore jobs;
    private final Procedures procedures;
    private final EventPublisher publisher;
    private final SeedConfig seed;
    private final Clock clock;

    private final TransactionSynchronizationRegistry registry;
    private final AuditLog audit;
    private final Instance<Worker> worker;

    public Recoveries(JobStore jobs, Procedures procedures, EventPublisher publisher, SeedConfig seed, Clock clock,
            TransactionSynchronizationRegistry registry, Instance<Worker> worker, AuditLog audit) {
        this.audit = audit;
        this.registry = registry;
        this.worker = worker;
        this.jobs = jobs;
        this.procedures = procedures;
        this.publisher = publisher;
        this.seed = seed;
        this.clock = clock;
    }

    /** Starts a job here; refuses when a database failover is already in flight. */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = Refused.class)
    public RecoveryJob start(RecoveryRequested request) {
        RecoveryChecks.check(request);
        Procedure procedure = procedures.forAction(request.action())
                .orElseThrow(() -> new Refused(request.action() + " is not run by failover-service"));
        RecoveryJob job = new RecoveryJob(request.recoveryId(), request.incidentId(), request.component(),
                request.action(), request.target(), request.dryRun(), request.parameters(), RecoveryJob.PENDING, 0,
                Map.of(), request.requestedBy(), clock.instant(), null, null);
        if (!jobs.insert(job)) {
            throw new Refused("recovery " + request.recoveryId() + " refused: it exists, or a database failover is "
                    + "already in flight");
        }
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                worker.get().wake();
            }
        });
        Instant now = clock.instant();
        List<String> steps = procedure.steps(job);
        publisher.publish(new RecoveryStarted(job.incidentId(), job.recoveryId(), job.component(), job.action(), now,
                now.plus(rto(job.component())), steps), "started-" + job.recoveryId());
        audit.record(job.requestedBy(), "start-recovery", job.recoveryId(), job.action() + " target=" + job.target()
                + " incident=" + job.incidentId() + (job.dryRun() ? " dry-run" : ""));
        LOG.infof("recovery started incidentId=%s recoveryId=%s action=%s target=%s dryRun=%s", job.incidentId(),
                job.recoveryId(), job.action(), job.target(), job.dryRun());
        return job;
    }

    /** Asks the owning service (restore-service for restores) to run it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void request(RecoveryRequested request) {
        publisher.publish(request, "requested-" + request.recoveryId());
        audit.record(request.requestedBy(), "request-recovery", request.recoveryId(), request.action() + " target="
                + request.target() + " incident=" + request.incidentId());
        LOG.infof("recovery requested incidentId=%s recoveryId=%s action=%s target=%s", request.incidentId(),
                request.recoveryId(), request.action(), request.target());
    }

    /** Answers a request it cannot run, so whoever waits for it is not left hanging. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refused(RecoveryRequested request, String reason) {
        Instant now = clock.instant();
        publisher.publish(new RecoveryCompleted(request.incidentId(), request.recoveryId(), request.component(),
                request.action(), RecoveryStatus.FAILED, now, now, null, null, null, reason, List.of()),
                "refused-" + request.recoveryId());
    }

    public boolean runsHere(RecoveryAction action) {
        return procedures.runsHere(action);
    }

    private Duration rto(String component) {
        return seed.objectives().forComponent(component).map(RecoveryObjectives.Objective::rto)
                .orElse(Duration.ofHours(1));
    }
}
