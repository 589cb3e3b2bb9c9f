package org.efp.dr.failover.livedrill;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import org.efp.dr.common.config.DrillSchedule;
import org.efp.dr.common.config.RecoveryObjectives;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.DrillCompleted;
import org.efp.dr.common.events.DrillRequested;
import org.efp.dr.failover.cache.CacheKill;
import org.efp.dr.failover.database.PgNodes;
import org.efp.dr.failover.database.Topology;
import org.efp.dr.failover.detection.Incident;
import org.efp.dr.failover.detection.IncidentStore;
import org.efp.dr.failover.livedrill.LiveDrill.Phase;
import org.jboss.logging.Logger;

/**
 * Live drills: the guide's database_failure and cache_failure scenarios run against the platform itself. A drill
 * asked for (a DrillRequested of type {@code live}, or {@code dr.failover.live-drills.schedule}) starts only on a
 * platform that can recover from it; then it breaks the primary (or the cache) for real and only watches: detection
 * (an incident), recovery (a writable primary, or a cache answering, with the incident resolved), and readiness for
 * the next failure (a standby streaming again; the cache serving). The result, measured against the scenario's row of
 * the objectives, goes out as DrillCompleted, into the same drill history as every other drill. Off unless
 * {@code dr.failover.live-drills.enabled}.
 */
@ApplicationScoped
public class LiveDrills {

    /** The DrillRequested type that asks for a live drill. */
    public static final String TYPE = "live";
    private static final Logger LOG = Logger.getLogger(LiveDrills.class);
    private static final DateTimeFormatter SLOT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    private final LiveDrillConfig config;
    private final LiveDrillStore store;
    private final PrimaryBreaker breaker;
    private final CacheKill cache;
    private final Topology topology;
    private final PgNodes nodes;
    private final IncidentStore incidents;
    private final EventPublisher publisher;
    private final SeedConfig seed;
    private final Scheduler scheduler;
    private final Clock clock;

    public LiveDrills(LiveDrillConfig config, LiveDrillStore store, PrimaryBreaker breaker, CacheKill cache,
            Topology topology, PgNodes nodes, IncidentStore incidents, EventPublisher publisher, SeedConfig seed,
            Scheduler scheduler, Clock clock) {
        this.config = config;
        this.store = store;
        this.breaker = breaker;
        this.cache = cache;
        this.topology = topology;
        this.nodes = nodes;
        this.incidents = incidents;
        this.publisher = publisher;
        this.seed = seed;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Whether a DrillRequested asks for a live drill (the guide's {@code *_failure} scenarios, type live). */
    public static boolean isLive(DrillRequested drill) {
        return TYPE.equals(drill.type()) && drill.scenario().endsWith("_failure");
    }

    /** Records a live drill asked for; refused at once (and reported) when live drills are off here. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requested(DrillRequested drill) {
        if (!store.request(drill.drillId(), drill.scenario(), drill.requestedBy(), drill.requestedAt())) {
            LOG.infof("live drill already known drillId=%s", drill.drillId());
            return;
        }
        LOG.infof("live drill requested drillId=%s scenario=%s requestedBy=%s", drill.drillId(), drill.scenario(),
                drill.requestedBy());
        if (!config.enabled()) {
            LiveDrill refused = store.find(drill.drillId()).orElseThrow();
            Instant now = clock.instant();
            finish(refused.unbroken(now, "refused: live drills are off here (dr.failover.live-drills.enabled=false); "
                    + "they break the platform for real and are meant for a staging environment that turned them on"));
        }
    }

    /** Schedules the live drills of {@code dr.failover.live-drills.schedule}; every replica queues the same id. */
    void schedule(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        config.schedule().forEach((scenario, frequency) -> {
            String cron = DrillSchedule.cron(frequency);
            scheduler.newJob("live-drill-" + scenario).setCron(cron).setTask(execution -> QuarkusTransaction
                    .requiringNew().run(() -> requested(new DrillRequested("live-" + scenario.replace('_', '-') + "-"
                            + SLOT.format(execution.getScheduledFireTime()), scenario, TYPE, "schedule",
                            execution.getScheduledFireTime())))).schedule();
            LOG.infof("live drill scheduled scenario=%s frequency=%s cron=\"%s\"", scenario, frequency, cron);
        });
    }

    /** Moves every unfinished drill on by what the platform looks like now; each drill on one replica at a time. */
    @Scheduled(every = "${dr.failover.live-drills.tick:2s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "live-drills")
    void tick() {
        QuarkusTransaction.requiringNew().run(() -> {
            for (LiveDrill drill : store.takeOpen(5)) {
                advance(drill);
            }
        });
    }

    private void advance(LiveDrill drill) {
        LiveScenario scenario = LiveScenario.of(drill.scenario()).orElse(LiveScenario.DATABASE_FAILURE);
        String component = component(scenario);
        Instant since = drill.brokenAt() != null ? drill.brokenAt() : clock.instant();
        Optional<Incident> incident = drill.incidentId() != null ? incidents.find(drill.incidentId())
                : incidents.firstSince(component, since);
        boolean incidentOpen = drill.phase() == Phase.REQUESTED && incidents.anyOpen(component);
        LiveDrillSteps.World world = scenario == LiveScenario.CACHE_FAILURE ? cacheWorld(incidentOpen, incident)
                : databaseWorld(drill, incidentOpen, incident);
        LiveDrillSteps.Next next = LiveDrillSteps.next(drill, world, clock.instant(), config.watchTimeout());
        LiveDrill d = next.drill();
        if (next.breakTarget()) {
            // The break's time is taken before it: detection can only come after it.
            Instant breaking = clock.instant();
            try {
                String done = breaker.breakTarget(scenario, drill.target());
                LOG.warnf("live drill broke %s drillId=%s: %s", scenario.component(), drill.drillId(), done);
                d = d.broken(breaking, done);
            } catch (RuntimeException e) {
                LOG.errorf("live drill could not break %s drillId=%s: %s", scenario.component(), drill.drillId(),
                        e.getMessage());
                finish(d.unbroken(clock.instant(), "could not break " + scenario.component()
                        + ", nothing was broken: " + e.getMessage()));
                return;
            }
        }
        if (d.phase() == Phase.FINISHED) {
            finish(d);
        } else if (d.phase() != drill.phase()) {
            LOG.infof("live drill drillId=%s %s -> %s: %s", d.drillId(), drill.phase(), d.phase(), d.detail());
            store.save(d);
        }
    }

    /** The component whose incidents and objectives judge {@code scenario} (the cache's as configured). */
    private String component(LiveScenario scenario) {
        return scenario == LiveScenario.CACHE_FAILURE ? cache.component() : scenario.component();
    }

    /** The database as a drill sees it: the recorded primary, whether it is writable, whether a standby streams. */
    private LiveDrillSteps.World databaseWorld(LiveDrill drill, boolean incidentOpen, Optional<Incident> incident) {
        Optional<String> primary = topology.primary();
        boolean writable = primary.flatMap(nodes::writablePrimary).orElse(false);
        // Looked at now, not as last recorded: a standby lost a moment ago must stop a drill from starting.
        boolean streaming = (drill.phase() == Phase.REQUESTED || drill.phase() == Phase.RECOVERED)
                && primary.isPresent() && topology.members().stream()
                        .filter(m -> Topology.STANDBY.equals(m.role()))
                        .anyMatch(m -> nodes.observe(m.url()).streamsFrom(PgNodes.hostPort(primary.get())));
        return new LiveDrillSteps.World(primary, writable, streaming, incidentOpen, incident);
    }

    /**
     * The cache as a drill sees it: its address, whether it answers PING (it then also takes the next failure). A
     * cache not probed here is never seen serving, so no drill starts on it: its outage would go unnoticed.
     */
    private LiveDrillSteps.World cacheWorld(boolean incidentOpen, Optional<Incident> incident) {
        boolean answers = cache.probed() && cache.answers();
        return new LiveDrillSteps.World(cache.address(), answers, answers, incidentOpen, incident);
    }

    /** Saves a finished drill and reports it against its scenario's row of the objectives. */
    private void finish(LiveDrill d) {
        store.save(d);
        String component = LiveScenario.of(d.scenario()).map(this::component).orElse(d.scenario());
        Optional<RecoveryObjectives.Objective> objective = seed.objectives().forComponent(component);
        Duration rto = objective.map(RecoveryObjectives.Objective::rto).orElse(Duration.ofHours(1));
        boolean passed = LiveDrillSteps.passed(d, rto);
        Instant started = d.brokenAt() != null ? d.brokenAt() : d.requestedAt();
        if (started.isAfter(d.finishedAt())) {
            started = d.finishedAt();
        }
        Long measuredRto = null;
        if (d.recoveredAt() != null) {
            measuredRto = Duration.between(d.brokenAt(), d.recoveredAt()).toSeconds();
        }
        String error = null;
        if (!passed) {
            error = d.ready() ? "recovered in " + measuredRto + " s, over the " + rto.toSeconds() + " s RTO"
                    : d.detail();
        }
        publisher.publish(new DrillCompleted(d.drillId(), d.scenario(), TYPE, passed, started, d.finishedAt(),
                Duration.between(started, d.finishedAt()).toSeconds(), measuredRto, null,
                rto.toSeconds(), objective.map(RecoveryObjectives.Objective::rpo).map(Duration::toSeconds).orElse(null), error),
                "drill-completed-" + d.drillId());
        LOG.infof("live drill finished drillId=%s passed=%s recoveredSeconds=%s: %s", d.drillId(), passed,
                measuredRto, d.detail());
    }
}
