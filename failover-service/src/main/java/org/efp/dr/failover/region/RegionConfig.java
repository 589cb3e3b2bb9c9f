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

    /** Checks after the switch that the system serves from the backup region. */
    Optional<List<String>> verifyChecks();

    /** Read replicas in the backup region to promote (JDBC URLs). */
    Optional<List<String>> readReplicas();

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
        /** {@code route53} or {@code in-memory} (local runs, drills). */
        @WithDefault("in-memory")
        String provider();

        /** The record clients resolve, e.g. {@code api.efp.example.com}. */
        @WithDefault("api.efp.example.com")
        String record();

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
