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

    /**
     * Longest a command on a data directory (pg_ctl, pg_rewind, pg_basebackup of a rejoin) may run before it is killed
     * and its step fails; size it above the time to clone the largest cluster.
     */
    @WithDefault("2h")
    Duration commandTimeout();

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
