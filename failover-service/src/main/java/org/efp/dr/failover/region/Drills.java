package org.efp.dr.failover.region;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.efp.dr.common.config.DrillSchedule;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.DrillCompleted;
import org.efp.dr.common.events.DrillRequested;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.failover.recovery.JobStore;
import org.efp.dr.failover.recovery.Recoveries;
import org.jboss.logging.Logger;

/**
 * The region_failover drill of recovery-testing.yaml: a region failover run as a simulation (checks for real,
 * changes nothing) unless the schedule says full; its end is reported as DrillCompleted.
 */
@ApplicationScoped
public class Drills {

    private static final Logger LOG = Logger.getLogger(Drills.class);
    public static final String SCENARIO = "region_failover";

    private final Recoveries recoveries;
    private final JobStore jobs;
    private final EventPublisher publisher;
    private final SeedConfig seed;
    private final Clock clock;

    public Drills(Recoveries recoveries, JobStore jobs, EventPublisher publisher, SeedConfig seed, Clock clock) {
        this.recoveries = recoveries;
        this.jobs = jobs;
        this.publisher = publisher;
        this.seed = seed;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void requested(DrillRequested drill) {
        if (!SCENARIO.equals(drill.scenario())) {
            LOG.debugf("drill not run here drillId=%s scenario=%s", drill.drillId(), drill.scenario());
            return;
        }
        String type = drill.type() != null ? drill.type() : seed.drills().drills().getOrDefault(SCENARIO,
                new DrillSchedule.Drill(SCENARIO, "quarterly", "simulation", true)).type();
        try {
            recoveries.start(new RecoveryRequested(drill.drillId(), "drill-" + drill.drillId(), "region",
                    RecoveryAction.REGION_FAILOVER, null, null, null, !"full".equals(type), drill.requestedBy(),
                    clock.instant(), Map.of("drillId", drill.drillId(), "scenario", SCENARIO, "type", type)));
        } catch (Recoveries.Refused e) {
            LOG.warnf("drill refused drillId=%s: %s", drill.drillId(), e.getMessage());
        }
    }

    /** Reports a finished drill run. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void completed(RecoveryCompleted done) {
        jobs.find(done.recoveryId()).filter(j -> j.parameters().containsKey("drillId")).ifPresent(job -> {
            boolean success = done.status() == RecoveryStatus.SUCCEEDED;
            long seconds = Duration.between(done.startedAt(), done.completedAt()).toSeconds();
            publisher.publish(new DrillCompleted(job.parameter("drillId", null), SCENARIO, job.parameter("type",
                    "simulation"), success, done.startedAt(), done.completedAt(), seconds, seconds, null, null, null,
                    success ? null : done.error()), "drill-completed-" + job.parameter("drillId", null));
            LOG.infof("drill completed drillId=%s success=%s seconds=%d", job.parameter("drillId", null), success,
                    seconds);
        });
    }
}
