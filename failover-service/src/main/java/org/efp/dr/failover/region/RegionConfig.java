package org.efp.dr.failover.region;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Region failover: the backup region's checks, DNS, replicas and deployments. Job parameters override each. */
@ConfigMapping(prefix = "dr.failover.region")
public interface RegionConfig {

    /** Name of the backup region. */
    @WithDefault("backup")
    String backupRegion();

    /** Health checks of the backup region before switching: http(s) URLs (status below 400) or JDBC URLs. */
    Optional<List<String>> healthChecks();

    /**
     * Health checks of the primary region, probed with the other components: when every one of them fails, a region
     * outage is declared (component {@code region}). One failing alone is that component's outage, not the region's.
     * Besides http(s) and JDBC URLs, {@code kubernetes:NAMESPACE/DEPLOYMENT} passes while the deployment has
     * replicas available. Unset: the region is not probed.
     */
    Optional<List<String>> primaryChecks();

    /** Checks after the switch that the system serves from the backup region. */
    Optional<List<String>> verifyChecks();

    /** How long verify-system-health waits for its checks to pass (services scaled up take a while to serve). */
    @WithDefault("1m")
    Duration verifyTimeout();

    /** Read replicas in the backup region to promote (JDBC URLs). */
    Optional<List<String>> readReplicas();

    /**
     * Databases of the backup region whose promotion is the database failover's (fenced, connection strings
     * switched): promote-read-replicas waits until one of these JDBC URLs is a writable primary instead of promoting
     * it itself, so two procedures never promote the same standby.
     */
    Optional<List<String>> awaitPrimary();

    /** How long promote-read-replicas waits for {@link #awaitPrimary()}. */
    @WithDefault("2m")
    Duration awaitPrimaryTimeout();

    /** Deployments to scale up in the backup region. */
    Optional<List<String>> deployments();

    /** Namespace (or cluster context namespace) of the backup region's deployments. */
    Optional<String> namespace();

    /** Replicas per deployment in the backup region. */
    @WithDefault("3")
    int replicas();

    /** DNS: provider, record and targets. */
    Dns dns();

    interface Dns {
        /** {@code route53}, {@code file} (the local run's zone file) or {@code in-memory} (tests). */
        @WithDefault("in-memory")
        String provider();

        /** The record clients resolve, e.g. {@code api.efp.example.com}. */
        @WithDefault("api.efp.example.com")
        String record();

        /** The zone file of the {@code file} provider. */
        Optional<String> file();

        /** Where it points in the backup region. */
        @WithDefault("api.backup.efp.example.com")
        String backupTarget();

        /** Route53 hosted zone id. */
        Optional<String> hostedZoneId();

        /** TTL of the record. */
        @WithDefault("60")
        long ttl();

        /** How long to wait for the change to be in sync. */
        @WithDefault("2m")
        Duration syncTimeout();
    }
}
