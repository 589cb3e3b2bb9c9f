package org.efp.dr.metrics.incident;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

/**
 * Re-measures open incidents whose next deadline (respond, recover, RTO) has passed, so a breach is raised while
 * the incident is still open rather than when it ends. Only due incidents are read, so many open ones cost little.
 */
@ApplicationScoped
public class DeadlineWatch {

    private static final Logger LOG = Logger.getLogger(DeadlineWatch.class);
    private static final int BATCH = 200;

    private final IncidentRepository incidents;
    private final IncidentTracker tracker;
    private final Clock clock;

    public DeadlineWatch(IncidentRepository incidents, IncidentTracker tracker, Clock clock) {
        this.incidents = incidents;
        this.tracker = tracker;
        this.clock = clock;
    }

    @Scheduled(every = "${dr.metrics.deadline-check-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkDeadlines() {
        int checked;
        do {
            checked = QuarkusTransaction.requiringNew().call(() -> {
                List<String> due = incidents.due(clock.instant(), BATCH);
                due.forEach(tracker::refresh);
                return due.size();
            });
            if (checked > 0) {
                LOG.debugf("deadlines checked incidents=%d", checked);
            }
        } while (checked == BATCH);
    }
}
