package org.efp.dr.metrics.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryMonitored;
import org.efp.dr.common.events.RecoveryMonitored.Signal;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.Severity;
import org.efp.dr.metrics.incident.IncidentRepository;
import org.efp.dr.metrics.incident.IncidentTracker;
import org.efp.dr.metrics.model.Incident;
import org.efp.dr.metrics.model.RecoveryRun;
import org.efp.dr.metrics.threshold.Breach;
import org.efp.dr.metrics.threshold.BreachLedger;
import org.efp.dr.metrics.tx.AfterCommit;
import org.jboss.logging.Logger;

/**
 * The guide's {@code monitor_recovery()} as a durable job per successful recovery: created with the
 * RecoveryCompleted that starts it, each round of checks logged and stored; when every signal passes the recovery
 * counts (PASSED), when the window ends first it does not (FAILED) and a {@code recovery_monitoring} breach
 * is raised, naming the signals out of bounds. The outcome, the RecoveryMonitored event and the incident's new
 * metrics commit together. The window is real time (the wall clock), however the service's clock is set.
 */
@ApplicationScoped
public class RecoveryMonitor {

    private static final Logger LOG = Logger.getLogger(RecoveryMonitor.class);

    private final MonitorConfig config;
    private final MonitorJobs jobs;
    private final IncidentRepository incidents;
    private final IncidentTracker tracker;
    private final BreachLedger breaches;
    private final EventPublisher publisher;
    private final MeterRegistry registry;
    private final TransactionSynchronizationRegistry transactions;
    private final Clock wall = Clock.systemUTC();

    public RecoveryMonitor(MonitorConfig config, MonitorJobs jobs, IncidentRepository incidents,
            IncidentTracker tracker, BreachLedger breaches, EventPublisher publisher, MeterRegistry registry,
            TransactionSynchronizationRegistry transactions) {
        this.config = config;
        this.jobs = jobs;
        this.incidents = incidents;
        this.tracker = tracker;
        this.breaches = breaches;
        this.publisher = publisher;
        this.registry = registry;
        this.transactions = transactions;
    }

    /**
     * Starts the monitoring of a successful recovery (once, however often its completion is re-sent) and returns its
     * state: PENDING, or PASSED / FAILED when it already ended; null when the recovery is not monitored. The caller
     * holds the incident's lock, as a round's outcome does, so the two never cross.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String begin(RecoveryCompleted completed) {
        if (!config.enabled() || completed.status() != RecoveryStatus.SUCCEEDED) {
            return null;
        }
        Instant now = wall.instant();
        if (jobs.create(completed.incidentId(), completed.recoveryId(), completed.component(), now,
                now.plus(config.window()))) {
            LOG.infof("recovery monitoring started incidentId=%s recoveryId=%s component=%s window=%s",
                    completed.incidentId(), completed.recoveryId(), completed.component(), config.window());
            return RecoveryRun.PENDING;
        }
        return jobs.status(completed.incidentId(), completed.recoveryId()).orElse(RecoveryRun.PENDING);
    }

    /** Records one round of checks of a claimed monitoring, in its own transaction. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(MonitorJob claimed, List<Signal> signals) {
        incidents.lock(claimed.incidentId());
        MonitorJob job = jobs.lockPending(claimed.incidentId(), claimed.recoveryId()).orElse(null);
        if (job == null) {
            return;
        }
        Instant now = wall.instant();
        int attempt = job.attempts() + 1;
        boolean passed = passes(signals, config.optionalSignals().orElse(List.of()));
        LOG.infof("recovery monitored incidentId=%s recoveryId=%s attempt=%d passed=%s signals=[%s]",
                job.incidentId(), job.recoveryId(), attempt, passed, describe(signals, false));
        if (passed) {
            finish(job, RecoveryRun.PASSED, attempt, signals, now);
        } else if (!now.isBefore(job.windowEndsAt())) {
            finish(job, RecoveryRun.FAILED, attempt, signals, now);
        } else {
            Instant next = now.plus(config.retryInterval());
            jobs.saveAttempt(job, signals, now, next.isAfter(job.windowEndsAt()) ? job.windowEndsAt() : next);
        }
    }

    private void finish(MonitorJob job, String verdict, int attempts, List<Signal> signals, Instant now) {
        jobs.finish(job, verdict, signals, now);
        incidents.saveMonitoring(job.incidentId(), job.recoveryId(), verdict);
        publisher.publish(new RecoveryMonitored(job.incidentId(), job.recoveryId(), job.component(), verdict,
                attempts, job.startedAt(), now, signals), "recovery-monitored:" + job.incidentId() + ":"
                        + job.recoveryId());
        tracker.refresh(job.incidentId());
        countAfterCommit(job.component(), verdict);
        if (RecoveryRun.FAILED.equals(verdict)) {
            Incident incident = incidents.load(job.incidentId());
            Severity severity = incident.severity() == null ? Severity.HIGH : incident.severity();
            String component = incident.component() == null ? job.component() : incident.component();
            long taken = Math.max(0, Duration.between(job.startedAt(), now).getSeconds());
            breaches.raise(job.incidentId() + ":" + job.recoveryId(), job.incidentId(), component, severity,
                    new Breach(Breach.RECOVERY_MONITORING, config.window().getSeconds(), taken, true), now,
                    cut("recovery " + job.recoveryId() + " not counted: " + describe(signals, true), 3990));
            LOG.warnf("recovery monitoring failed incidentId=%s recoveryId=%s attempts=%d out of bounds: %s",
                    job.incidentId(), job.recoveryId(), attempts, describe(signals, true));
        } else {
            LOG.infof("recovery monitoring passed incidentId=%s recoveryId=%s attempts=%d", job.incidentId(),
                    job.recoveryId(), attempts);
        }
    }

    /** Every signal passed, or is one of {@code optional} without data. */
    static boolean passes(List<Signal> signals, List<String> optional) {
        return !signals.isEmpty() && signals.stream().allMatch(s -> s.passed()
                || Signal.NO_DATA.equals(s.verdict()) && optional.contains(s.name()));
    }

    /** {@code dr_recovery_monitoring_total{component,verdict}}: monitored recoveries by outcome. */
    private void countAfterCommit(String component, String verdict) {
        AfterCommit.run(transactions, () -> Counter.builder("dr.recovery.monitoring")
                .description("Monitored recoveries by outcome").tag("component", component).tag("verdict", verdict)
                .register(registry).increment());
    }

    /** Signals as text: all of them, or only those that did not pass. */
    static String describe(List<Signal> signals, boolean failingOnly) {
        String text = signals.stream().filter(s -> !failingOnly || !s.passed())
                .map(s -> s.name() + " " + s.verdict() + (s.value() == null ? "" : " value=" + s.value())
                        + (s.threshold() == null ? "" : " threshold=" + s.threshold())
                        + (s.detail() == null ? "" : " (" + s.detail() + ")"))
                .collect(Collectors.joining("; "));
        return cut(text, 3900);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
