package org.efp.dr.restore.database;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.config.RestoreSettings;

/** Which server a backup target is restored to: energy_forecast to the primary, timeseries to its own server. */
@ApplicationScoped
public class DatabaseServers {

    private final RestoreSettings.EnergyForecast config;

    public DatabaseServers(RestoreSettings settings) {
        this.config = settings.energyForecast();
    }

    public DatabaseServer forTarget(String target) {
        String url = switch (target) {
            case "energy_forecast" -> config.primaryUrl();
            case "timeseries" -> config.timeseriesUrl();
            default -> throw new RestoreException(RestoreException.Reason.BAD_REQUEST,
                    "unknown database target " + target + " (energy_forecast or timeseries)");
        };
        return DatabaseServer.of(url, config.user(), config.password().orElse(null));
    }
}
