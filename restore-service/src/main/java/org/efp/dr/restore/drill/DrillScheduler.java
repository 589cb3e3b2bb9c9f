package org.efp.dr.restore.drill;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import org.efp.dr.common.config.DrillSchedule;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.restore.config.RestoreSettings;
import org.jboss.logging.Logger;

/**
 * Queues this service's drills on recovery-testing.yaml's frequencies. Every replica runs the same cron; the drill
 * id is the scenario and the tick's scheduled minute, and the queue takes an id once, so a tick runs one drill.
 */
@ApplicationScoped
public class DrillScheduler {

    private static final Logger LOG = Logger.getLogger(DrillScheduler.class);
    private static final DateTimeFormatter SLOT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    private final Scheduler scheduler;
    private final DrillQueue queue;
    private final SeedConfig seed;
    private final RestoreSettings.Restore config;

    public DrillScheduler(Scheduler scheduler, DrillQueue queue, SeedConfig seed, RestoreSettings settings) {
        this.scheduler = scheduler;
        this.queue = queue;
        this.seed = seed;
        this.config = settings.restore();
    }

    void start(@Observes StartupEvent event) {
        if (!config.drillsScheduled()) {
            LOG.info("drill schedule off (dr.restore.drills-scheduled=false)");
            return;
        }
        for (DrillSchedule.Drill drill : seed.drills().drills().values()) {
            if (DrillScenario.of(drill.scenario()).isEmpty()) {
                continue;
            }
            String cron = DrillSchedule.cron(drill.frequency());
            scheduler.newJob("drill-" + drill.scenario()).setCron(cron)
                    .setTask(execution -> tick(drill, execution.getScheduledFireTime())).schedule();
            LOG.infof("drill scheduled scenario=%s frequency=%s cron=\"%s\"", drill.scenario(), drill.frequency(),
                    cron);
        }
    }

    /** Queues the drill of one tick; the same tick on another replica finds the id taken. */
    public void tick(DrillSchedule.Drill drill, Instant scheduledAt) {
        String drillId = "drill-" + drill.scenario().replace('_', '-') + "-" + SLOT.format(scheduledAt);
        queue.submit(new DrillSpec(drillId, drill.scenario(), drill.type(), "schedule", scheduledAt, null, null));
    }
}
