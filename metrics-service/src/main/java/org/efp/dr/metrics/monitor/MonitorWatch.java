package org.efp.dr.metrics.monitor;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import org.efp.dr.common.events.RecoveryMonitored.Signal;
import org.jboss.logging.Logger;

/**
 * Runs the due rounds of checks: claims them (short transaction), checks outside any transaction (HTTP and
 * database calls with timeouts), then records each outcome in a transaction of its own.
 */
@ApplicationScoped
public class MonitorWatch {

    private static final Logger LOG = Logger.getLogger(MonitorWatch.class);
    private static final int BATCH = 20;

    private final MonitorConfig config;
    private final MonitorJobs jobs;
    private final RecoveryChecks checks;
    private final RecoveryMonitor monitor;
    private final Clock wall = Clock.systemUTC();

    public MonitorWatch(MonitorConfig config, MonitorJobs jobs, RecoveryChecks checks, RecoveryMonitor monitor) {
        this.config = config;
        this.jobs = jobs;
        this.checks = checks;
        this.monitor = monitor;
    }

    @Scheduled(every = "${dr.metrics.monitor.poll-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkDue() {
        if (!config.enabled()) {
            return;
        }
        List<MonitorJob> due = QuarkusTransaction.requiringNew().call(() -> jobs.claimDue(wall.instant(),
                wall.instant().plus(config.claimTimeout()), BATCH));
        for (MonitorJob job : due) {
            List<Signal> signals;
            try {
                signals = checks.run(job.component());
            } catch (RuntimeException e) {
                // A check that cannot run is a round that did not pass, so the window still ends the monitoring.
                LOG.debug("monitoring checks failed", e);
                signals = List.of(new Signal("checks", Signal.ERROR, null, null, ServiceHealthCheck.cut(
                        "checks could not run: " + e)));
            }
            try {
                monitor.record(job, signals);
            } catch (RuntimeException e) {
                // The claim expires and the round is run again; nothing is lost.
                LOG.warnf("recovery monitoring round not recorded incidentId=%s recoveryId=%s: %s",
                        job.incidentId(), job.recoveryId(), e.getMessage());
                LOG.debug("monitoring round failure", e);
            }
        }
    }
}
