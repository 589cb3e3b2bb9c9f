package org.efp.dr.failover.detection;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How Alertmanager labels map to a component and a severity. */
@ConfigMapping(prefix = "dr.failover.alerts")
public interface AlertsConfig {

    /** Alert names that mean replication lag by default (PostgresReplicationLag, PostgreSQLReplicaLagging, ...). */
    String REPLICA_LAG_PATTERN = "(?i).*(replica|replication|standby|wal_?receiver).*|.*lag.*";

    /** Label naming the database node ({@code host:port}) an alert is about. */
    @WithDefault("instance")
    String nodeLabel();

    /** Alert names (a regular expression) that are about replication lag: they re-sync the replica, never restore. */
    @WithDefault(REPLICA_LAG_PATTERN)
    String replicaLagAlerts();

    /** Label naming the component (falls back to {@code service}, then {@code job}). */
    @WithDefault("component")
    String componentLabel();

    /** Label carrying the severity. */
    @WithDefault("severity")
    String severityLabel();

    /** Label value to component, e.g. {@code postgres=database}; unmapped values are used as they are. */
    Map<String, String> components();

    /** Severity label value to {@code CRITICAL|HIGH|MEDIUM|LOW}; unmapped values default to HIGH. */
    Map<String, String> severities();
}
