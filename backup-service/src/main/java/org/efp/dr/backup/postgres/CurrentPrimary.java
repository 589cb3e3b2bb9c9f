package org.efp.dr.backup.postgres;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.common.topology.NoPrimaryException;
import org.efp.dr.common.topology.TopologyFollower;

/**
 * The energy_forecast cluster's databases as they are reachable now: on the primary the newest topology from
 * failover-service names (the configured primary until the first topology arrives). The timeseries database
 * follows too when it lives on the configured primary's server; on a server of its own it stays where configured.
 */
@ApplicationScoped
public class CurrentPrimary {

    /** The cluster's key on {@code dr.topology}. */
    public static final String CLUSTER = "energy_forecast";
    private static final String TIMESERIES = "timeseries";

    private final BackupSettings.EnergyForecast config;
    private final TopologyFollower topology;

    public CurrentPrimary(BackupSettings settings, TopologyFollower topology) {
        this.config = settings.energyForecast();
        this.topology = topology;
    }

    /**
     * The PostgreSQL target of database {@code name} (energy_forecast or timeseries) on the current primary.
     *
     * @throws NoPrimaryException while the cluster has no primary
     */
    public PgTarget target(String name) {
        String url = switch (name) {
            case CLUSTER -> topology.primaryJdbcUrl(CLUSTER, config.primaryUrl());
            case TIMESERIES -> topology.databaseJdbcUrl(CLUSTER, config.primaryUrl(), config.timeseriesUrl());
            default -> throw new IllegalArgumentException("unknown database " + name);
        };
        return PgTarget.fromJdbcUrl(name, url, config.user(), config.password().orElse(null));
    }

    /** The generation of the topology followed now, or -1 while the configured primary stands. */
    public long generation() {
        return topology.current(CLUSTER).map(t -> t.generation()).orElse(-1L);
    }

    /** Waits (bounded) for the cluster's topology to be read after a start; whether it was. */
    public boolean awaitTopology(java.time.Duration timeout) throws InterruptedException {
        return topology.awaitFirst(CLUSTER, timeout);
    }
}
