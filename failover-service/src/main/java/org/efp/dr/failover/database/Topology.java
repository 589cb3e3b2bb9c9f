package org.efp.dr.failover.database;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import io.quarkus.runtime.StartupEvent;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.DatabaseTopologyChanged;
import org.efp.dr.common.postgres.Jdbc;
import org.jboss.logging.Logger;

/**
 * Which node is the primary, which are standbys and which are fenced, persisted so a restart (or a second
 * replica) sees the roles the last failover left, not the ones in the configuration. failover-service owns this
 * fact: every change (seeding, promotion, rejoin, registration, fencing, an observed change of streaming or
 * timeline) gets a new generation and is published through the outbox as {@code DatabaseTopologyChanged}, keyed by
 * the cluster, in the transaction that changed it. Nodes are identified by {@code host:port}.
 */
@ApplicationScoped
public class Topology {

    public static final String PRIMARY = "PRIMARY";
    public static final String STANDBY = "STANDBY";
    public static final String FENCED = "FENCED";

    private static final Logger LOG = Logger.getLogger(Topology.class);

    /**
     * One node as recorded: its role and what the last observation saw (null: not observed yet); a fenced node's
     * {@code fence} says how firmly (HARD, SOFT, NONE; null: not known).
     */
    public record Member(String url, String role, Boolean up, Boolean streaming, Long lagBytes, Double lagSeconds,
            Instant lastStreamingAt, Instant observedAt, String fence) {

        public String hostPort() {
            return PgNodes.hostPort(url);
        }
    }

    /** The whole recorded state. */
    public record State(String cluster, long generation, Long timeline, String reason, String incidentId,
            Instant changedAt, List<Member> members) {
    }

    private final Jdbc jdbc;
    private final EventPublisher publisher;
    private final String cluster;
    private final String configuredPrimary;
    private final Optional<String> configuredStandby;

    public Topology(DataSource dataSource, EventPublisher publisher, DatabaseConfig config,
            EnergyForecastConfig energyForecast) {
        this.jdbc = new Jdbc(dataSource);
        this.publisher = publisher;
        this.cluster = config.cluster();
        this.configuredPrimary = energyForecast.primaryUrl();
        this.configuredStandby = energyForecast.standbyUrl();
    }

    @Transactional
    void seed(@Observes StartupEvent ignored) {
        boolean fresh = members().isEmpty();
        if (fresh) {
            update("INSERT INTO db_node (url, role) VALUES (?, 'PRIMARY') ON CONFLICT DO NOTHING", configuredPrimary);
            configuredStandby.ifPresent(url ->
                    update("INSERT INTO db_node (url, role) VALUES (?, 'STANDBY') ON CONFLICT DO NOTHING", url));
        }
        update("INSERT INTO db_topology (cluster, reason) VALUES (?, 'seeded') ON CONFLICT DO NOTHING", cluster);
        // Published at every start, so the compacted topic holds the state even if it was lost or never written.
        changed(fresh ? "seeded from configuration" : "failover-service started: recorded state", null, null);
    }

    public String cluster() {
        return cluster;
    }

    public Optional<String> primary() {
        List<String> p = urls(PRIMARY);
        return p.isEmpty() ? Optional.empty() : Optional.of(p.get(0));
    }

    public List<String> standbys() {
        return urls(STANDBY);
    }

    public List<String> fenced() {
        return urls(FENCED);
    }

    /** The recorded node with this identity ({@code host:port} or a JDBC URL naming it). */
    public Optional<Member> find(String node) {
        if (node == null || node.isBlank()) {
            return Optional.empty();
        }
        String hostPort = node.startsWith("jdbc:") ? PgNodes.hostPort(node) : node.trim();
        return members().stream().filter(m -> m.hostPort().equals(hostPort)).findFirst();
    }

    /** Adds or re-roles a node (an operator registering a rebuilt standby, a rejoin) and publishes the change. */
    @Transactional
    public void register(String url, String role, String reason, String incidentId) {
        String hostPort = PgNodes.hostPort(url);
        for (Member m : members()) {
            if (m.hostPort().equals(hostPort) && !m.url().equals(url)) {
                update("DELETE FROM db_node WHERE url = ?", m.url());
            }
        }
        update("INSERT INTO db_node (url, role) VALUES (?, ?) ON CONFLICT (url) DO UPDATE SET role = EXCLUDED.role, "
                + "fence = NULL, updated_at = now()", url, role);
        changed(reason, incidentId, null);
    }

    /** Records a completed promotion: the old primary fenced, the promoted node primary; publishes it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void promoted(String newPrimary, String oldPrimary, Long timeline, String reason, String incidentId) {
        promoted(newPrimary, oldPrimary, timeline, reason, incidentId, null);
    }

    /** The same, with how firmly the old primary is fenced ({@link FenceOutcome.Level}; null: not known). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void promoted(String newPrimary, String oldPrimary, Long timeline, String reason, String incidentId,
            String oldFence) {
        update("UPDATE db_node SET role = 'FENCED', streaming = NULL, fence = NULL, updated_at = now() "
                + "WHERE role = 'PRIMARY'");
        if (oldPrimary != null) {
            update("INSERT INTO db_node (url, role, fence) VALUES (?, 'FENCED', ?) ON CONFLICT (url) DO UPDATE "
                    + "SET role = 'FENCED', streaming = NULL, fence = EXCLUDED.fence, updated_at = now()", oldPrimary,
                    oldFence);
        }
        update("INSERT INTO db_node (url, role, up) VALUES (?, 'PRIMARY', true) ON CONFLICT (url) DO UPDATE "
                + "SET role = 'PRIMARY', up = true, streaming = NULL, lag_bytes = NULL, lag_seconds = NULL, "
                + "updated_at = now()", newPrimary);
        // The other standbys still follow the old primary until they are re-pointed and seen streaming again.
        update("UPDATE db_node SET streaming = false WHERE role = 'STANDBY'");
        changed(reason, incidentId, timeline);
    }

    /** Records how firmly a fenced node is fenced now (re-fenced on sight) and publishes the change. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void fenced(String url, String fence, String reason) {
        update("UPDATE db_node SET fence = ?, updated_at = now() WHERE url = ? AND role = 'FENCED'", fence, url);
        changed(reason, null, null);
    }

    /** Stores one node's observation (no publication: the observer decides whether it is a material change). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void observed(String url, boolean up, Boolean streaming, Long lagBytes, Double lagSeconds) {
        update("UPDATE db_node SET up = ?, streaming = ?, lag_bytes = ?, lag_seconds = ?, observed_at = now(), "
                + "last_streaming_at = CASE WHEN ? THEN now() ELSE last_streaming_at END WHERE url = ?", up, streaming,
                lagBytes, lagSeconds, Boolean.TRUE.equals(streaming), url);
    }

    /** Gives the recorded state a new generation and publishes it; {@code timeline} null keeps the recorded one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public DatabaseTopologyChanged changed(String reason, String incidentId, Long timeline) {
        long generation = jdbc.one("update topology", "UPDATE db_topology SET generation = generation + 1, "
                + "reason = ?, incident_id = ?, changed_at = now(), timeline = COALESCE(?, timeline) WHERE cluster = ? "
                + "RETURNING generation", rs -> rs.getLong(1), reason, incidentId, timeline, cluster)
                .orElseThrow(() -> new IllegalStateException("topology of " + cluster + " not seeded"));
        DatabaseTopologyChanged event = event(state());
        publisher.publish(event, "topology-" + cluster + "-" + generation);
        LOG.infof("topology changed cluster=%s generation=%d primary=%s standbys=%d streaming=%d timeline=%s "
                + "reason=%s", cluster, generation, event.primary() == null ? "none" : event.primary().address(),
                event.standbys().size(), event.streamingStandbys(), event.timeline(), reason);
        return event;
    }

    /** The recorded state, as {@code GET /api/v1/database/topology} shows it. */
    public State state() {
        List<Member> members = members();
        return jdbc.one("read topology", "SELECT generation, timeline, reason, incident_id, changed_at FROM db_topology "
                + "WHERE cluster = ?", rs -> new State(cluster, rs.getLong(1), Jdbc.longOrNull(rs, 2), rs.getString(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant(), members), cluster)
                .orElseGet(() -> new State(cluster, 0, null, "not seeded", null, Instant.EPOCH, members));
    }

    /** The event of a state: the primary only while it is not seen down; standbys with lag and streaming. */
    public static DatabaseTopologyChanged event(State s) {
        DatabaseTopologyChanged.Node primary = null;
        List<DatabaseTopologyChanged.Node> standbys = new ArrayList<>();
        List<DatabaseTopologyChanged.Node> fenced = new ArrayList<>();
        for (Member m : s.members()) {
            switch (m.role()) {
                case PRIMARY -> primary = Boolean.FALSE.equals(m.up()) ? null : node(m, null, null, null);
                case STANDBY -> standbys.add(node(m, m.lagBytes(), m.lagSeconds(),
                        Boolean.TRUE.equals(m.streaming()) && Boolean.TRUE.equals(m.up())));
                default -> fenced.add(new DatabaseTopologyChanged.Node(host(m), port(m), null, null, null,
                        m.fence()));
            }
        }
        return new DatabaseTopologyChanged(s.cluster(), s.generation(), primary, standbys, fenced, s.timeline(),
                s.reason(), s.incidentId(), s.changedAt());
    }

    private static String host(Member m) {
        return m.hostPort().substring(0, m.hostPort().lastIndexOf(':'));
    }

    private static int port(Member m) {
        return Integer.parseInt(m.hostPort().substring(m.hostPort().lastIndexOf(':') + 1));
    }

    private static DatabaseTopologyChanged.Node node(Member m, Long lagBytes, Double lagSeconds, Boolean streaming) {
        String hp = m.hostPort();
        int colon = hp.lastIndexOf(':');
        return new DatabaseTopologyChanged.Node(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)),
                lagBytes == null ? null : Math.max(0, lagBytes), lagSeconds == null ? null : Math.max(0, lagSeconds),
                streaming);
    }

    public List<Member> members() {
        String sql = "SELECT url, role, up, streaming, lag_bytes, lag_seconds, last_streaming_at, observed_at, fence "
                + "FROM db_node ORDER BY CASE role WHEN 'PRIMARY' THEN 0 WHEN 'STANDBY' THEN 1 ELSE 2 END, "
                + "updated_at, url";
        return jdbc.query("read topology", sql, rs -> new Member(rs.getString(1), rs.getString(2),
                Jdbc.boolOrNull(rs, 3), Jdbc.boolOrNull(rs, 4), Jdbc.longOrNull(rs, 5),
                (Double) rs.getObject(6, Double.class), Jdbc.instant(rs, 7), Jdbc.instant(rs, 8), rs.getString(9)));
    }

    private List<String> urls(String role) {
        return members().stream().filter(m -> m.role().equals(role)).map(Member::url).toList();
    }

    private void update(String sql, Object... args) {
        jdbc.update("update topology", sql, args);
    }
}
