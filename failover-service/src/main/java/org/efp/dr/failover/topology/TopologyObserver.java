package org.efp.dr.failover.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.common.events.Severity;
import org.efp.dr.failover.database.DatabaseConfig;
import org.efp.dr.failover.database.Fencer;
import org.efp.dr.failover.database.PgNodes;
import org.efp.dr.failover.database.StandbyStatus;
import org.efp.dr.failover.database.Topology;
import org.efp.dr.failover.detection.Declaration;
import org.efp.dr.failover.detection.Detection;
import org.efp.dr.failover.recovery.Recoveries;
import org.jboss.logging.Logger;

/**
 * Looks at every node every {@code observe-interval}: is the primary writable, does each standby's WAL receiver
 * stream from it, how far behind is it, which timeline runs. A material change (a node up or down, streaming on or
 * off, a new timeline) is published at once; lag alone at most every {@code lag-publish-interval}. While the cluster
 * has no streaming standby for longer than {@code no-standby-grace}, an incident tells the database team (resolved
 * when one streams again). A fenced old primary that answers again is rejoined as a standby by itself
 * ({@code auto-rejoin}); where nothing else restarts PostgreSQL, one that stays down is started again by that rejoin
 * ({@code restart-down-nodes}).
 */
@ApplicationScoped
public class TopologyObserver {

    static final String NO_STANDBY_FINGERPRINT = "topology:no-standby:";
    private static final Logger LOG = Logger.getLogger(TopologyObserver.class);

    private final Topology topology;
    private final PgNodes nodes;
    private final DatabaseConfig config;
    private final Detection detection;
    private final Recoveries recoveries;
    private final Fencer fencer;
    private final Clock clock;
    private final Map<String, Instant> upSince = new ConcurrentHashMap<>();
    private final Map<String, Instant> downSince = new ConcurrentHashMap<>();
    private final Map<String, Instant> rejoinTried = new ConcurrentHashMap<>();
    private volatile Instant noStandbySince;
    private volatile boolean noStandbyDeclared;

    public TopologyObserver(Topology topology, PgNodes nodes, DatabaseConfig config, Detection detection,
            Recoveries recoveries, Fencer fencer, Clock clock) {
        this.fencer = fencer;
        this.topology = topology;
        this.nodes = nodes;
        this.config = config;
        this.detection = detection;
        this.recoveries = recoveries;
        this.clock = clock;
    }

    @Scheduled(every = "${dr.failover.database.observe-interval:5s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            observe();
            redundancy();
            rejoinReturnedNodes();
            buildOnSpare();
        } catch (RuntimeException e) {
            LOG.warnf("topology observation failed: %s", e.getMessage());
        }
    }

    /** One observation round; publishes when something material changed. */
    public void observe() {
        Topology.State before = topology.state();
        String primaryUrl = topology.primary().orElse(null);
        String primaryHostPort = primaryUrl == null ? null : PgNodes.hostPort(primaryUrl);
        Map<String, Seen> seen = new HashMap<>();
        Long timeline = null;
        for (Topology.Member m : before.members()) {
            PgNodes.Observation o = nodes.observe(m.url());
            if (Topology.PRIMARY.equals(m.role())) {
                seen.put(m.url(), new Seen(o.reachable() && o.writable(), null, null, null));
                timeline = o.writable() ? o.timeline() : null;
            } else {
                boolean streaming = o.streamsFrom(primaryHostPort);
                Long lagBytes = null;
                Double lagSeconds = null;
                if (Topology.STANDBY.equals(m.role()) && o.reachable() && o.inRecovery()) {
                    StandbyStatus s = nodes.standbyStatus(m.url(), primaryUrl, m.lastStreamingAt());
                    lagBytes = Math.max(0, s.lagBytes());
                    lagSeconds = s.lag() == null ? null : s.lag().toMillis() / 1000.0;
                }
                seen.put(m.url(), new Seen(o.reachable(), streaming, lagBytes, lagSeconds));
            }
        }
        List<String> changes = new ArrayList<>();
        boolean lagMoved = false;
        for (Topology.Member m : before.members()) {
            Seen s = seen.get(m.url());
            if (!Objects.equals(m.up(), s.up())) {
                changes.add(m.hostPort() + (s.up() ? " answers" : " does not answer")
                        + (Topology.PRIMARY.equals(m.role()) && !s.up() ? " as a writable primary" : ""));
            }
            if (Topology.STANDBY.equals(m.role()) && !Objects.equals(m.streaming(), s.streaming())) {
                changes.add(m.hostPort() + (s.streaming() ? " streams from " : " does not stream from ")
                        + primaryHostPort);
            }
            lagMoved |= Topology.STANDBY.equals(m.role()) && (!Objects.equals(m.lagBytes(), s.lagBytes())
                    || Math.abs(nz(m.lagSeconds()) - nz(s.lagSeconds())) >= 1);
        }
        if (timeline != null && !timeline.equals(before.timeline())) {
            changes.add("timeline " + before.timeline() + " -> " + timeline);
        }
        boolean lagDue = lagMoved && before.changedAt().plus(config.lagPublishInterval()).isBefore(clock.instant());
        Long newTimeline = timeline;
        QuarkusTransaction.requiringNew().run(() -> {
            seen.forEach((url, s) -> topology.observed(url, s.up(), s.streaming(), s.lagBytes(), s.lagSeconds()));
            if (!changes.isEmpty()) {
                topology.changed("observed: " + String.join("; ", changes), null, newTimeline);
            } else if (lagDue) {
                topology.changed("observed: replication lag", null, newTimeline);
            }
        });
    }

    /** Tells the database team while no standby streams (an incident of component database-redundancy). */
    void redundancy() {
        long streaming = Topology.event(topology.state()).streamingStandbys();
        String fingerprint = NO_STANDBY_FINGERPRINT + config.cluster();
        Instant now = clock.instant();
        if (streaming > 0) {
            noStandbySince = null;
            if (noStandbyDeclared) {
                detection.resolve(fingerprint, "topology");
                noStandbyDeclared = false;
            }
            return;
        }
        if (noStandbySince == null) {
            noStandbySince = now;
        }
        if (!noStandbyDeclared && noStandbySince.plus(config.noStandbyGrace()).isBefore(now)) {
            detection.declare(new Declaration("database-redundancy", Severity.MEDIUM, config.cluster()
                    + " has no streaming standby: the next primary failure cannot fail over (restore from backup "
                    + "only) until a standby is rejoined or rebuilt", "topology-observer", noStandbySince, now,
                    fingerprint, null, false), "topology-observer");
            noStandbyDeclared = true;
        }
    }

    /**
     * Re-protection: a fenced node that answers again (and whose data directory is here) is rejoined. One whose data
     * directory is elsewhere cannot be rewound from here; once it streams from the primary by itself (restarted as
     * the standby its remote fence made it) its read-only default is lifted and it is registered as a standby.
     */
    void rejoinReturnedNodes() {
        if (!config.autoRejoin()) {
            return;
        }
        Instant now = clock.instant();
        Topology.State state = topology.state();
        // A standby that stays down is started again only under a primary that answers: rejoining it to a lost
        // primary cannot work, and the database incident's recovery (failover or rebuild) comes first.
        boolean primaryUp = state.members().stream()
                .anyMatch(m -> Topology.PRIMARY.equals(m.role()) && Boolean.TRUE.equals(m.up()));
        for (Topology.Member m : state.members()) {
            boolean up = Boolean.TRUE.equals(m.up());
            boolean fenced = Topology.FENCED.equals(m.role());
            // A standby whose server is down (crashed, or its machine and data lost): where nothing else restarts
            // PostgreSQL it is rejoined like a fenced node; the rejoin clones it again when its data is gone.
            boolean downStandby = Topology.STANDBY.equals(m.role()) && !up && config.restartDownNodes() && primaryUp;
            if (!fenced && !downStandby) {
                // Rejoined (or never fenced): a later failure of this node is a new one, rejoined without waiting
                // for the retry pause meant for a rejoin that did not succeed.
                rejoinTried.remove(m.url());
            }
            if (fenced && up && Boolean.TRUE.equals(m.streaming()) && !config.dataDirs().containsKey(m.hostPort())) {
                registerStreamingFenced(m, state);
                continue;
            }
            if (!fenced && !downStandby || !config.dataDirs().containsKey(m.hostPort())) {
                upSince.remove(m.url());
                downSince.remove(m.url());
                continue;
            }
            // Answering again: rejoined after auto-rejoin-delay. Still down, where nothing else restarts it
            // (restart-down-nodes): the rejoin starts it as a standby after restart-down-after.
            Map<String, Instant> seen = up ? upSince : downSince;
            (up ? downSince : upSince).remove(m.url());
            if (!up && !config.restartDownNodes()) {
                continue;
            }
            Instant since = seen.computeIfAbsent(m.url(), u -> now);
            Instant tried = rejoinTried.get(m.url());
            if (since.plus(up ? config.autoRejoinDelay() : config.restartDownAfter()).isAfter(now)
                    || tried != null && tried.plus(config.autoRejoinRetry()).isAfter(now)) {
                continue;
            }
            rejoinTried.put(m.url(), now);
            String incident = state.incidentId() == null ? "auto-rejoin-" + config.cluster() : state.incidentId();
            RecoveryRequested request = new RecoveryRequested(incident, "rec-rejoin-" + UUID.randomUUID(),
                    "database", RecoveryAction.DATABASE_REJOIN, m.url(), null, null, false, "auto-rejoin", now,
                    Map.of("reason", (fenced ? "fenced old primary " : "standby ") + m.hostPort()
                            + (up ? " answers again" : " is down") + ": rejoin it as a standby to restore redundancy"));
            try {
                QuarkusTransaction.requiringNew().run(() -> recoveries.start(request));
                LOG.infof("automatic rejoin started node=%s recoveryId=%s", m.hostPort(), request.recoveryId());
            } catch (RuntimeException e) {
                // Refused while another database recovery is in flight: try again on a later round.
                rejoinTried.remove(m.url());
                LOG.debugf("automatic rejoin deferred node=%s: %s", m.hostPort(), e.getMessage());
            }
        }
    }

    private void registerStreamingFenced(Topology.Member m, Topology.State state) {
        if (!nodes.observe(m.url()).inRecovery() || !fencer.unfenceOnline(m.url())) {
            return;
        }
        String primary = topology.primary().map(PgNodes::hostPort).orElse("the primary");
        QuarkusTransaction.requiringNew().run(() -> topology.register(m.url(), Topology.STANDBY, "rejoined: "
                + m.hostPort() + " came back as a standby and streams from " + primary, state.incidentId()));
        LOG.infof("fenced node streams from the primary, registered as a standby node=%s", m.hostPort());
    }

    /**
     * Re-protection when the old primary does not come back: after {@code spare-after} without a streaming standby,
     * a new standby is built on the configured spare node from the primary (the rejoin procedure: its pg_rewind
     * finds no cluster there and falls back to pg_basebackup), then registered. Only a spare whose data directory
     * holds no cluster is used, and only while it is not a member already: a spare is used once.
     */
    void buildOnSpare() {
        Instant since = noStandbySince;
        if (config.spare().isEmpty() || since == null) {
            return;
        }
        Instant now = clock.instant();
        String spare = config.spare().get();
        Instant tried = rejoinTried.get(spare);
        if (since.plus(config.spareAfter()).isAfter(now)
                || tried != null && tried.plus(config.autoRejoinRetry()).isAfter(now)
                || topology.find(spare).map(m -> !Topology.FENCED.equals(m.role())).orElse(false)) {
            return;
        }
        String dir = config.dataDirs().get(PgNodes.hostPort(spare));
        if (dir == null) {
            LOG.warnf("spare node %s has no data directory on this host (dr.failover.database.data-dirs): no new "
                    + "standby is built", PgNodes.hostPort(spare));
            rejoinTried.put(spare, now);
            return;
        }
        if (Files.exists(Path.of(dir, "PG_VERSION"))) {
            // A cluster nobody registered (a spare used before, or someone else's): never taken over by itself.
            LOG.warnf("spare node %s: its data directory %s already holds a cluster; no new standby is built there "
                    + "(empty it, or register the node with POST /api/v1/database/nodes)", PgNodes.hostPort(spare),
                    dir);
            rejoinTried.put(spare, now);
            return;
        }
        rejoinTried.put(spare, now);
        RecoveryRequested request = new RecoveryRequested("spare-standby-" + config.cluster(),
                "rec-spare-" + UUID.randomUUID(), "database", RecoveryAction.DATABASE_REJOIN, spare, null, null,
                false, "spare-standby", now, Map.of("reason", "no streaming standby since " + since
                        + ": build a new standby on the spare node " + PgNodes.hostPort(spare) + " from the primary"));
        try {
            QuarkusTransaction.requiringNew().run(() -> recoveries.start(request));
            LOG.infof("building a standby on the spare node=%s recoveryId=%s", PgNodes.hostPort(spare),
                    request.recoveryId());
        } catch (RuntimeException e) {
            rejoinTried.remove(spare);
            LOG.debugf("spare standby deferred node=%s: %s", PgNodes.hostPort(spare), e.getMessage());
        }
    }

    private static double nz(Double d) {
        return d == null ? 0 : d;
    }

    private record Seen(boolean up, Boolean streaming, Long lagBytes, Double lagSeconds) {
    }
}
