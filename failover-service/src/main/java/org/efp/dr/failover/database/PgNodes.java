package org.efp.dr.failover.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;


/** Connections to the managed PostgreSQL nodes and the queries every step needs. */
@ApplicationScoped
public class PgNodes {

    private final String user;
    private final Optional<String> password;
    private final DatabaseConfig config;

    @Inject
    public PgNodes(EnergyForecastConfig energyForecast, DatabaseConfig config) {
        this(energyForecast.user(), energyForecast.password(), config);
    }

    public PgNodes(String user, Optional<String> password, DatabaseConfig config) {
        this.user = user;
        this.password = password;
        this.config = config;
    }

    /** The user nodes are reached as. */
    public String user() {
        return user;
    }

    /** The libpq connection string of a node's JDBC URL (host, port, user), for replication and client programs. */
    public String conninfo(String url) {
        String hostPort = hostPort(url);
        return "host=" + hostPort.substring(0, hostPort.lastIndexOf(':')) + " port="
                + hostPort.substring(hostPort.lastIndexOf(':') + 1) + " user=" + user;
    }

    /** Environment for PostgreSQL client programs run against the nodes (the password, never logged). */
    public Map<String, String> clientEnv() {
        return password.map(pw -> Map.of("PGPASSWORD", pw)).orElse(Map.of());
    }

    public Connection connect(String url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        password.ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("connectTimeout", String.valueOf(Math.max(1, config.connectTimeout().toSeconds())));
        p.setProperty("socketTimeout", String.valueOf(config.promoteTimeout().toSeconds() + 10));
        p.setProperty("ApplicationName", "failover-service");
        return DriverManager.getConnection(url, p);
    }

    /** Whether the node answers and is out of recovery (empty when unreachable). */
    public Optional<Boolean> writablePrimary(String url) {
        try (Connection c = connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT NOT pg_is_in_recovery() "
                        + "AND current_setting('default_transaction_read_only') = 'off'")) {
            rs.next();
            return Optional.of(rs.getBoolean(1));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    public boolean reachable(String url) {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * The standby's state; lag in bytes against the primary when it answers, else received-but-not-replayed WAL.
     * Its WAL receiver counts too: streaming, how long ago it last heard from its primary, and, when it does not
     * stream, how long ago it was last seen streaming ({@code lastSeenStreaming}, from the topology's observations):
     * a standby whose receiver stopped long ago is behind by at least that long, whatever its byte lag says.
     * <p>
     * WAL received but not yet replayed is not lag in time: a promotion replays it before it opens for writes, so it
     * loses nothing. It only counts in bytes (how long the promotion replays). That holds with the primary gone too:
     * then nothing more can arrive, and how much the standby missed is told by how long ago it last heard from a
     * primary, not by the age of the last transaction it replayed (on a quiet database that is minutes, and would
     * turn a lossless failover into a rebuild from backup).
     */
    public StandbyStatus standbyStatus(String standbyUrl, String primaryUrl, Instant lastSeenStreaming) {
        Long primaryLsnDiff = null;
        String primaryLsn = primaryLsn(primaryUrl).orElse(null);
        try (Connection c = connect(standbyUrl); PreparedStatement ps = c.prepareStatement("SELECT pg_is_in_recovery(), "
                + "COALESCE(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0), "
                + "CASE WHEN pg_last_wal_receive_lsn() IS NULL "
                + "  OR pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() "
                + "  OR ?::text IS NULL OR ?::pg_lsn <= pg_last_wal_receive_lsn() THEN 0 "
                + "  ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1000, 0) END, "
                + "CASE WHEN ?::text IS NULL OR NOT pg_is_in_recovery() THEN NULL "
                + "  ELSE pg_wal_lsn_diff(?::pg_lsn, pg_last_wal_replay_lsn()) END, "
                + "(SELECT status FROM pg_stat_wal_receiver), "
                + "(SELECT EXTRACT(EPOCH FROM now() - last_msg_receipt_time) * 1000 FROM pg_stat_wal_receiver)")) {
            for (int i = 1; i <= 4; i++) {
                ps.setString(i, primaryLsn);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                boolean inRecovery = rs.getBoolean(1);
                long pending = rs.getLong(2);
                long lagMillis = Math.max(0, rs.getLong(3));
                long againstPrimary = rs.getLong(4);
                if (!rs.wasNull()) {
                    primaryLsnDiff = againstPrimary;
                }
                boolean streaming = "streaming".equals(rs.getString(5));
                long receiptMillis = rs.getLong(6);
                Duration silence = streaming && !rs.wasNull() ? Duration.ofMillis(Math.max(0, receiptMillis))
                        : lastSeenStreaming == null ? null
                        : Duration.between(lastSeenStreaming, Instant.now()).isNegative() ? Duration.ZERO
                        : Duration.between(lastSeenStreaming, Instant.now());
                long bytes = Math.max(pending, primaryLsnDiff == null ? 0 : primaryLsnDiff);
                return new StandbyStatus(standbyUrl, true, inRecovery, bytes, Duration.ofMillis(lagMillis),
                        streaming, silence, inRecovery ? null : "node " + standbyUrl + " is not in recovery");
            }
        } catch (SQLException e) {
            return StandbyStatus.unusable(standbyUrl, "standby " + standbyUrl + " unreachable: " + e.getMessage());
        }
    }

    /** What one node is now, for the published topology. */
    public record Observation(boolean reachable, boolean inRecovery, boolean writable, String receiverStatus,
            String senderHostPort, Long receiptAgeMillis, Long timeline) {

        static Observation unreachable() {
            return new Observation(false, false, false, null, null, null, null);
        }

        /** Its WAL receiver streams from {@code primaryHostPort} right now. */
        public boolean streamsFrom(String primaryHostPort) {
            return reachable && inRecovery && "streaming".equals(receiverStatus)
                    && primaryHostPort != null && primaryHostPort.equals(senderHostPort);
        }
    }

    /**
     * One look at a standby's WAL receiver: its process, status, last message time and WAL written (on the standby's
     * clock); empty when unreachable or no receiver runs. Only a change between two looks at the same process
     * proves a live connection: a receiver that was just restarted shows "streaming" and a fresh time before it even
     * connected.
     */
    public Optional<Receiver> receiver(String url) {
        try (Connection c = connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pid, status, sender_host || ':' || sender_port, "
                        + "(EXTRACT(EPOCH FROM last_msg_receipt_time) * 1000)::bigint, "
                        + "pg_wal_lsn_diff(COALESCE(written_lsn, '0/0'), '0/0')::bigint FROM pg_stat_wal_receiver")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new Receiver(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                    rs.getLong(5)));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** See {@link #receiver(String)}. */
    public record Receiver(int pid, String status, String sender, long lastMessageMillis, long writtenBytes) {

        /** The same receiver process, streaming both times, got a message or WAL in between. */
        public boolean heardBetween(Receiver later) {
            return later.pid == pid && "streaming".equals(status) && "streaming".equals(later.status)
                    && (later.lastMessageMillis > lastMessageMillis || later.writtenBytes > writtenBytes);
        }
    }

    /** Role, writability, WAL receiver and timeline of a node (unreachable: all false). */
    public Observation observe(String url) {
        try (Connection c = connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), "
                        + "current_setting('default_transaction_read_only') = 'off', r.status, "
                        + "r.sender_host || ':' || r.sender_port, "
                        + "(EXTRACT(EPOCH FROM now() - r.last_msg_receipt_time) * 1000)::bigint, "
                        + "CASE WHEN pg_is_in_recovery() THEN (SELECT timeline_id FROM pg_control_checkpoint()) "
                        + "  ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int::bigint END "
                        + "FROM (SELECT 1) one LEFT JOIN pg_stat_wal_receiver r ON true")) {
            rs.next();
            boolean inRecovery = rs.getBoolean(1);
            long age = rs.getLong(5);
            Long receiptAge = rs.wasNull() ? null : age;
            long tl = rs.getLong(6);
            Long timeline = rs.wasNull() ? null : tl;
            return new Observation(true, inRecovery, !inRecovery && rs.getBoolean(2), rs.getString(3),
                    rs.getString(4), receiptAge, timeline);
        } catch (SQLException e) {
            return Observation.unreachable();
        }
    }

    private Optional<String> primaryLsn(String primaryUrl) {
        if (primaryUrl == null) {
            return Optional.empty();
        }
        try (Connection c = connect(primaryUrl); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CASE WHEN pg_is_in_recovery() THEN NULL "
                        + "ELSE pg_current_wal_lsn()::text END")) {
            rs.next();
            return Optional.ofNullable(rs.getString(1));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** {@code host:port} of a JDBC URL. */
    public static String hostPort(String url) {
        String rest = url.substring(url.indexOf("//") + 2);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }
}
