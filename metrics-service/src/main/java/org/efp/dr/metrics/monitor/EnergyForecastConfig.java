package org.efp.dr.metrics.monitor;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The protected platform's energy_forecast database, whose current primary {@link DataIntegrityCheck} checks. The
 * {@code dr.energy-forecast.*} settings are the same for every service, so the ones metrics-service does not read
 * are declared too: a mapped namespace takes no unknown keys.
 */
@ConfigMapping(prefix = "dr.energy-forecast")
public interface EnergyForecastConfig {

    /** The cluster's key on dr.topology, as failover-service publishes it (dr.failover.database.cluster). */
    @WithDefault("energy_forecast")
    String cluster();

    /** JDBC URL of the configured primary, used until a topology of the cluster is heard. */
    @WithDefault("jdbc:postgresql://127.0.0.1:5432/energy_forecast")
    String primaryUrl();

    /** Database user the check connects as. */
    @WithDefault("postgres")
    String user();

    /** Its password (from the environment or a secret); empty for trust/peer authentication. Never logged. */
    Optional<String> password();

    /** JDBC URL of the configured standby (read by failover-service, not here). */
    Optional<String> standbyUrl();

    /** JDBC URL of the timeseries database (read by backup- and restore-service, not here). */
    Optional<String> timeseriesUrl();
}
