package org.efp.dr.metrics.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.efp.dr.common.events.Severity;

/** How metrics-service maps backups and drills onto the components of the RTO/RPO table. */
@ConfigMapping(prefix = "dr.metrics")
public interface MetricsConfig {

    /** Backup target (as named in BackupCompleted) to the component whose recovery point it advances. */
    Map<String, String> targetComponent();

    /** Drill scenario (as named in DrillCompleted) to the component it exercises. */
    Map<String, String> drillComponent();

    /** Severity given to an RPO exposure breach, which has no incident to take one from. */
    @WithDefault("HIGH")
    Severity rpoExposureSeverity();

    /** How often open incidents are checked against their deadlines (read by the scheduler). */
    @WithDefault("10s")
    Duration deadlineCheckInterval();

    /** How often RPO exposure is measured against each component's RPO (read by the scheduler). */
    @WithDefault("15s")
    Duration rpoCheckInterval();

    /**
     * How far ahead of this service's clock a recovery point may lie: a point further in the future (a skewed
     * clock, a forged event) would pin the RPO exposure at zero, so its event is dead-lettered instead.
     */
    @WithDefault("2m")
    Duration maxClockSkew();

    /** How often a per-component snapshot is published on the dashboard topic (read by the scheduler). */
    @WithDefault("60s")
    Duration snapshotInterval();

    /** How often an open status page gets a new snapshot when nothing changed (changes are pushed at once). */
    @WithDefault("5s")
    Duration statusInterval();

    /** The component a backup target belongs to; a target named like a component belongs to it. */
    default Optional<String> componentOfTarget(String target) {
        return Optional.ofNullable(targetComponent().get(target));
    }

    /** The component a drill scenario exercises, if configured. */
    default Optional<String> componentOfDrill(String scenario) {
        return Optional.ofNullable(drillComponent().get(scenario));
    }
}
