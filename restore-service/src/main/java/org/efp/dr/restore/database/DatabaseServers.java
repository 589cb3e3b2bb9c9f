package org.efp.dr.restore.database;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.topology.NoPrimaryException;
import org.efp.dr.common.topology.TopologyFollower;
import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.config.RestoreSettings;
import org.efp.dr.restore.postgres.DatabaseServer;

/**
 * Which server a backup target is restored to: energy_forecast to the cluster's current primary (as the newest
 * topology from failover-service names it; the configured primary until one arrives), timeseries to its own
 * server, which follows the primary too when it is configured on the primary's server.
 */
@ApplicationScoped
public class DatabaseServers {


    private final RestoreSettings.EnergyForecast config;
    private final TopologyFollower topology;

    public DatabaseServers(RestoreSettings settings, TopologyFollower topology) {
        this.config = settings.energyForecast();
        this.topology = topology;
    }

    public DatabaseServer forTarget(String target) {
        String url = switch (target) {
            case "energy_forecast" -> current(config.primaryUrl());
            case "timeseries" -> current(config.timeseriesUrl());
            default -> throw new RestoreException(RestoreException.Reason.BAD_REQUEST,
                    "unknown database target " + target + " (energy_forecast or timeseries)");
        };
        return DatabaseServer.of(url, config.user(), config.password().orElse(null));
    }

    private String current(String databaseUrl) {
        try {
            return topology.databaseJdbcUrl(config.cluster(), config.primaryUrl(), databaseUrl);
        } catch (NoPrimaryException e) {
            throw new RestoreException(RestoreException.Reason.RESTORE_FAILED,
                    "cannot restore into " + config.cluster() + ": " + e.getMessage(), e);
        }
    }
}
