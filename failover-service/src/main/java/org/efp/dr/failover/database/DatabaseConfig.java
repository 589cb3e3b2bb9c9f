package org.efp.dr.failover.database;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The managed PostgreSQL primary/standby pair and how to fail it over. */
@ConfigMapping(prefix = "dr.failover.database")
public interface DatabaseConfig {

    /** A standby further behind than this many WAL bytes is not promoted (the RPO in time comes from the seed). */
    @WithDefault("16777216")
    long maxLagBytes();

    /** Connect timeout for probes and failover steps. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** How long a promotion may take. */
    @WithDefault("30s")
    Duration promoteTimeout();

    /**
     * Data directories of nodes this host can reach, by {@code host:port}: an unreachable old primary is fenced by
     * turning it into a standby on disk, so it can never come back writable.
     */
    Map<String, String> dataDirs();

    /** Run file-system fencing as this OS user (the data directory's owner) when running as root. */
    @WithDefault("postgres")
    String dataDirOwner();

    /** The cluster's name: the key of its {@code DatabaseTopologyChanged} records on dr.topology. */
    @WithDefault("energy_forecast")
    String cluster();

    /** How often the nodes are observed (role, WAL receiver, lag, timeline) for the published topology. */
    @WithDefault("5s")
    Duration observeInterval();

    /** A change of lag alone is published at most this often (roles, streaming and timeline at once). */
    @WithDefault("30s")
    Duration lagPublishInterval();

    /**
     * Before an unplanned promotion the standbys' WAL receivers are looked at twice this far apart: one that received
     * anything in between vetoes the failover (the primary is alive for it).
     */
    @WithDefault("500ms")
    Duration receiverCheck();

    /** How long the cluster may have no streaming standby before the database team is told (an incident). */
    @WithDefault("30s")
    Duration noStandbyGrace();

    /** Whether a fenced old primary that answers again is rejoined as a standby by itself (re-protection). */
    @WithDefault("true")
    boolean autoRejoin();

    /** How long after the last topology change a fenced node that answers is rejoined. */
    @WithDefault("10s")
    Duration autoRejoinDelay();

    /** How long before an automatic rejoin of the same node is tried again after one did not succeed. */
    @WithDefault("5m")
    Duration autoRejoinRetry();

    /**
     * Whether a fenced node that stays down (its data directory here) is started again by the rejoin, as a standby of
     * the new primary, once it has been down for {@code restart-down-after}. For a run where nothing else restarts
     * PostgreSQL (the local run); in Kubernetes the pod's own restart brings it back, and this stays off.
     */
    @WithDefault("false")
    boolean restartDownNodes();

    /**
     * How many moved-aside data directories ({@code <data>.diverged-<time>}, kept when a node could not be rewound and
     * was cloned again) are kept per node; older ones are removed when another is moved aside, so repeated failures
     * do not fill the disk. At least 1: the newest, which holds the writes the node had that nobody else has.
     */
    @WithDefault("2")
    int keepDiverged();

    /** How long a fenced node must have been down before it is started again ({@code restart-down-nodes}). */
    @WithDefault("30s")
    Duration restartDownAfter();

    /**
     * A spare node (its JDBC URL; its data directory in {@code data-dirs}, empty or absent): when the cluster has had
     * no streaming standby for {@code spare-after}, a new standby is built there from the primary (pg_basebackup).
     */
    Optional<String> spare();

    /** How long without a streaming standby before a new one is built on the spare node. */
    @WithDefault("5m")
    Duration spareAfter();

    /**
     * Longest a command on a data directory (pg_ctl, pg_rewind, pg_basebackup of a rejoin) may run before it is killed
     * and its step fails; size it above the time to clone the largest cluster.
     */
    @WithDefault("2h")
    Duration commandTimeout();

    /**
     * How an old primary that answers over SQL but whose data directory is not on this host is fenced: {@code stop}
     * (standby.signal written in its data directory, primary_conninfo pointed at the new primary, its postmaster
     * stopped before the promotion; needs superuser, or pg_execute_server_program and EXECUTE on pg_read_file),
     * {@code read-only} (a default a client session can lift) or {@code off} (left as it is).
     */
    @WithDefault("stop")
    RemoteFence remoteFence();

    /** How long an old primary stopped by the remote fence may take to stop answering. */
    @WithDefault("30s")
    Duration remoteFenceTimeout();

    /** The ways of fencing an old primary reachable only over SQL. */
    enum RemoteFence {
        STOP,
        READ_ONLY,
        OFF
    }

    /** Kubernetes Secret and ConfigMap holding the connection information apps use. */
    Connection connection();

    interface Connection {
        /** Namespace of the Secret and ConfigMap; empty: the client's namespace. */
        Optional<String> namespace();

        /** Secret name (keys jdbc-url, host, port, database). */
        @WithDefault("energy-forecast-db")
        String secret();

        /** ConfigMap name with the same keys minus credentials. */
        @WithDefault("energy-forecast-db")
        String configMap();

        /** Whether to write them (off where no cluster is reachable). */
        @WithDefault("true")
        boolean enabled();
    }
}
