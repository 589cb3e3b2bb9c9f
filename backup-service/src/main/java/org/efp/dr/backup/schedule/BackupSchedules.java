package org.efp.dr.backup.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import org.efp.dr.backup.catalog.BackupStatus;
import org.efp.dr.backup.catalog.Catalog;
import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.backup.run.BackupRequests;
import org.efp.dr.backup.run.BackupTargets;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.events.BackupKind;
import org.jboss.logging.Logger;

/**
 * The schedules of backup-config.yaml as cron jobs. Every replica runs the cron, but a tick is taken by the
 * first replica to claim its slot, so each scheduled backup is queued once. At start, a full backup the schedule
 * takes that the catalog has never completed is queued at once (see {@link #firstBackups}).
 */
@ApplicationScoped
public class BackupSchedules {

    private static final Logger LOG = Logger.getLogger(BackupSchedules.class);

    /** A scheduled job: its cron and the backups each tick queues. */
    public record Job(String name, String cron, List<Item> items) {
    }

    /** One backup a tick queues. */
    public record Item(String target, BackupKind kind) {
    }

    private final Scheduler scheduler;
    private final SeedConfig config;
    private final BackupSettings settings;
    private final ScheduleSlots slots;
    private final BackupRequests requests;
    private final Catalog catalog;
    private final Clock clock;
    private final String owner;

    /** What counts as having a backup of a kind: one that completed, or one on its way. */
    private static final Set<BackupStatus> HELD = EnumSet.of(BackupStatus.COMPLETED, BackupStatus.QUEUED,
            BackupStatus.RUNNING);

    public BackupSchedules(Scheduler scheduler, SeedConfig config, BackupSettings settings, ScheduleSlots slots,
            BackupRequests requests, Catalog catalog, Clock clock) {
        this.scheduler = scheduler;
        this.config = config;
        this.settings = settings;
        this.slots = slots;
        this.requests = requests;
        this.catalog = catalog;
        this.clock = clock;
        this.owner = settings.backup().instanceId();
    }

    /** The guide's schedule: full database backups (logical and physical), WAL incrementals, models, configs. */
    public List<Job> jobs() {
        return List.of(
                new Job("database-full", config.backup().databaseFull().frequency(), List.of(
                        new Item(BackupTargets.ENERGY_FORECAST, BackupKind.FULL),
                        new Item(BackupTargets.ENERGY_FORECAST, BackupKind.BASE),
                        new Item(BackupTargets.TIMESERIES, BackupKind.FULL))),
                new Job("database-incremental", config.backup().databaseIncremental().frequency(),
                        List.of(new Item(BackupTargets.ENERGY_FORECAST, BackupKind.INCREMENTAL))),
                new Job("models", config.backup().models().frequency(),
                        List.of(new Item(BackupTargets.MODELS, BackupKind.MODELS))),
                new Job("configs", config.backup().configs().frequency(),
                        List.of(new Item(BackupTargets.CONFIGS, BackupKind.CONFIGS))));
    }

    void start(@Observes StartupEvent event) {
        if (!settings.backup().schedulesEnabled()) {
            LOG.info("backup schedules disabled");
            return;
        }
        for (Job job : jobs()) {
            scheduler.newJob("backup-" + job.name()).setCron(job.cron())
                    .setTask(execution -> tick(job, execution.getScheduledFireTime())).schedule();
            LOG.infof("backup schedule job=%s cron='%s' items=%s", job.name(), job.cron(), job.items());
        }
        try {
            firstBackups(clock.instant());
        } catch (RuntimeException e) {
            LOG.warnf("first backups not queued, the schedule will take them: %s", e.getMessage());
        }
    }

    /**
     * Queues, for each backup of the full jobs ({@code database-full}, {@code models}, {@code configs}: not the
     * incrementals, which build on a full one), one the catalog holds none of (completed, queued or running): a new
     * platform, or one whose backups were all lost, would otherwise have nothing to restore a lost primary, model or
     * configuration from until the next tick, up to a day away. Replicas agree through the same slot claim as ticks.
     * Returns what it queued.
     */
    public List<Item> firstBackups(Instant now) {
        List<Item> missing = new ArrayList<>();
        for (Item item : firstItems()) {
            if (HELD.stream().allMatch(status -> catalog.list(item.target(), item.kind(), status, 1).isEmpty())) {
                missing.add(item);
            }
        }
        Instant slot = now.truncatedTo(ChronoUnit.MINUTES);
        if (missing.isEmpty() || !slots.claim("first-backups", slot, owner)) {
            return List.of();
        }
        for (Item item : missing) {
            requests.queue(item.target(), item.kind(), "first-" + item.target() + "-"
                    + item.kind().name().toLowerCase() + "-" + slot, "first backup of this kind", "scheduler");
        }
        LOG.infof("first backups queued items=%s", missing);
        return missing;
    }

    /** What a new platform backs up at once: every item of every job but the incremental one. */
    public List<Item> firstItems() {
        return jobs().stream().filter(job -> !"database-incremental".equals(job.name()))
                .flatMap(job -> job.items().stream()).toList();
    }

    /** Queues the job's backups if this replica is the first to claim the tick; returns whether it did. */
    public boolean tick(Job job, Instant fireTime) {
        Instant slot = fireTime.truncatedTo(ChronoUnit.MINUTES);
        if (!slots.claim(job.name(), slot, owner)) {
            return false;
        }
        for (Item item : job.items()) {
            requests.queue(item.target(), item.kind(), "schedule-" + job.name() + "-" + item.target() + "-"
                    + item.kind().name().toLowerCase() + "-" + slot, "scheduled (" + job.cron() + ")", "scheduler");
        }
        LOG.infof("scheduled backups queued job=%s slot=%s at=%s", job.name(), slot, clock.instant());
        return true;
    }
}
