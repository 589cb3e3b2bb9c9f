package org.efp.dr.failover.detection;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import org.efp.dr.common.config.RecoveryObjectives;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.events.Severity;
import org.efp.dr.failover.database.DatabaseConfig;
import org.efp.dr.failover.database.FenceOutcome;
import org.efp.dr.failover.database.Fencer;
import org.efp.dr.failover.database.PgNodes;
import org.efp.dr.failover.database.StandbyStatus;
import org.efp.dr.failover.database.Topology;
import org.jboss.logging.Logger;

/**
 * Probes the database primary (reachable and writable), each standby's replication lag against the RPO, the
 * configured HTTP health endpoints and every enabled {@link ComponentProbe} (the cache's); N consecutive
 * failures declare an outage that started at the first failed probe. A fenced old primary seen writable again is
 * fenced on the spot (and stopped, when its data directory is not here and {@code remote-fence=stop}).
 */
@ApplicationScoped
public class HealthProber {

    private static final Logger LOG = Logger.getLogger(HealthProber.class);
    static final String DATABASE_FINGERPRINT = "probe:database";
    /** The source of the outages probes declare. */
    public static final String SOURCE = "health-probe";

    private final ProbesConfig config;
    private final ProbeTracker tracker;
    private final Topology topology;
    private final PgNodes nodes;
    private final Fencer fencer;
    private final Detection detection;
    private final Clock clock;
    private final HttpClient http;

    private final DatabaseConfig database;
    private final Duration rpo;
    private final Instance<ComponentProbe> componentProbes;

    public HealthProber(ProbesConfig config, Topology topology, PgNodes nodes, Fencer fencer, Detection detection,
            Clock clock, DatabaseConfig database, SeedConfig seed, Instance<ComponentProbe> componentProbes) {
        this.database = database;
        this.componentProbes = componentProbes;
        this.rpo = seed.objectives().forComponent("database").map(RecoveryObjectives.Objective::rpo)
                .orElse(Duration.ofMinutes(1));
        this.config = config;
        this.tracker = new ProbeTracker(config.failures());
        this.topology = topology;
        this.nodes = nodes;
        this.fencer = fencer;
        this.detection = detection;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.httpTimeout()).build();
    }

    @Scheduled(every = "${dr.failover.probes.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Disabled.class)
    void probe() {
        topology.primary().ifPresent(url -> {
            Instant at = clock.instant();
            boolean ok = nodes.writablePrimary(url).orElse(false);
            act("database", DATABASE_FINGERPRINT, ok, at, "primary " + PgNodes.hostPort(url)
                    + " unreachable or not writable");
        });
        String primary = topology.primary().orElse(null);
        for (String standby : topology.standbys()) {
            Instant at = clock.instant();
            StandbyStatus status = nodes.standbyStatus(standby, primary,
                    topology.find(standby).map(Topology.Member::lastStreamingAt).orElse(null));
            act("database-standby", "probe:standby:" + PgNodes.hostPort(standby),
                    status.withinRpo(rpo, database.maxLagBytes()), at, status.describe() + " beyond RPO " + rpo);
        }
        for (String fenced : topology.fenced()) {
            if (nodes.writablePrimary(fenced).orElse(false)) {
                LOG.warnf("fenced node is writable again, fencing node=%s", fenced);
                fencer.fenceOnline(fenced);
                if (primary != null && database.remoteFence() == DatabaseConfig.RemoteFence.STOP
                        && !database.dataDirs().containsKey(PgNodes.hostPort(fenced))) {
                    FenceOutcome outcome = fencer.fenceRemote(fenced, primary);
                    QuarkusTransaction.requiringNew().run(() -> topology.fenced(fenced, outcome.level().name(),
                            "fenced on sight: " + PgNodes.hostPort(fenced) + " was writable again, fence: "
                                    + outcome.level() + " (" + outcome.detail() + ")"));
                }
            }
        }
        for (Map.Entry<String, String> e : config.http().entrySet()) {
            Instant at = clock.instant();
            String error = httpProblem(e.getValue());
            act(e.getKey(), "probe:http:" + e.getKey(), error == null, at, error);
        }        for (ComponentProbe probe : componentProbes) {
            if (probe.enabled()) {
                Instant at = clock.instant();
                String error = probe.problem();
                act(probe.component(), "probe:" + probe.component(), error == null, at, error);
            }
        }
    }

    private void act(String component, String fingerprint, boolean ok, Instant at, String error) {
        ProbeTracker.Transition t = tracker.record(fingerprint, ok, at, error);
        if (t instanceof ProbeTracker.Declare d) {
            detection.declare(new Declaration(component, Severity.CRITICAL, d.lastError() + " (" + d.failures()
                    + " consecutive probes)", SOURCE, d.firstFailure(), clock.instant(), fingerprint), SOURCE);
        } else if (t instanceof ProbeTracker.Recover) {
            detection.resolve(fingerprint, SOURCE);
        }
    }

    private String httpProblem(String url) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(config.httpTimeout())
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() < 400 ? null : url + " answered " + r.statusCode();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return url + " unreachable: " + e.getClass().getSimpleName();
        }
    }

    /** Probes off by configuration. */
    @ApplicationScoped
    public static class Disabled implements Scheduled.SkipPredicate {
        private final ProbesConfig config;

        public Disabled(ProbesConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !config.enabled();
        }
    }
}
