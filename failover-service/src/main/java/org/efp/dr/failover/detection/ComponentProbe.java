package org.efp.dr.failover.detection;

/**
 * A health check of one component that its own package provides (the cache's PING, say); {@link HealthProber} runs
 * every enabled one at each probe, with the same rule as its own: N consecutive failures declare an outage of
 * {@link #component()}, the next success resolves it.
 */
public interface ComponentProbe {

    /** The component an outage is declared for (a key of the RTO/RPO table and the runbook). */
    String component();

    /** Whether this probe runs (its component is configured here and probing it is on). */
    boolean enabled();

    /** {@code null} when the component is healthy, else what is wrong, in words (no secrets). */
    String problem();
}
