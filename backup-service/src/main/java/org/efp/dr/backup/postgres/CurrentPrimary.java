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

    /** The database whose server is the cluster's primary. */
    public static final String ENERGY_FORECAST = "energy_forecast";
    /** The database on the primary's server unless configured on a server of its own. */
    public static final String TIMESERIES = "timeseries";

    private final BackupSettings.EnergyForecast config;
    private final TopologyFollower topology;
    private final String cluster;

    public CurrentPrimary(BackupSettings settings, TopologyFollower topology) {
        this.config = settings.energyForecast();
        this.topology = topology;
        this.cluster = config.cluster();
    }

    /** The cluster's key on {@code dr.topology} ({@code dr.energy-forecast.cluster}). */
    public String cluster() {
        return cluster;
    }

    /**
     * The PostgreSQL target of database {@code name} (energy_forecast or timeseries) on the current primary.
     *
     * @throws NoPrimaryException while the cluster has no primary
     */
    public PgTarget target(String name) {
        String url = switch (name) {
            case ENERGY_FORECAST -> topology.primaryJdbcUrl(cluster, config.primaryUrl());
            case TIMESERIES -> topology.databaseJdbcUrl(cluster, config.primaryUrl(), config.timeseriesUrl());
            default -> throw new IllegalArgumentException("unknown database " + name);
        };
        return PgTarget.fromJdbcUrl(name, url, config.user(), config.password().orElse(null));
    }

    /** The generation of the topology followed now, or -1 while the configured primary stands. */
    public long generation() {
        return topology.current(cluster).map(t -> t.generation()).orElse(-1L);
    }

    /** Waits (bounded) for the cluster's topology to be read after a start; whether it was. */
    public boolean awaitTopology(java.time.Duration timeout) throws InterruptedException {
        return topology.awaitFirst(cluster, timeout);
    }
}
