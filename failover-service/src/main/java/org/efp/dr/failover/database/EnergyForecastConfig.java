package org.efp.dr.failover.database;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The protected energy_forecast cluster as deployed: how its nodes are reached and where it started. */
@ConfigMapping(prefix = "dr.energy-forecast")
public interface EnergyForecastConfig {

    /** The user nodes are reached as. */
    @WithDefault("postgres")
    String user();

    /** Its password (none: the nodes trust this host, as in the local run). */
    Optional<String> password();

    /** The primary at first start; afterwards the topology this service keeps says which node is primary. */
    String primaryUrl();

    /** The standby at first start, if there is one. */
    Optional<String> standbyUrl();
}
