package org.efp.dr.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One valid event of every type. */
public final class SampleEvents {

    public static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private SampleEvents() {
    }

    public static List<DrEvent> all() {
        return List.of(
                new BackupRequested("req-1", "energy_forecast", BackupKind.FULL, "before upgrade", "alice", T0),
                new RecoveryRequested("inc-1", "rec-1", "database", RecoveryAction.RESTORE_DATABASE,
                        "energy_forecast", null, T0.minusSeconds(30), false, "failover-service", T0,
                        Map.of("scratch", "true")),
                new DrillRequested("drill-1", "database_recovery", "full", "scheduler", T0),
                backupCompleted(),
                new BackupFailed("bk-2", "energy_forecast", BackupKind.BASE, "S3_UNAVAILABLE", "503 from S3", T0,
                        T0.plusSeconds(5), null),
                new WalArchived("energy_forecast", T0.minusSeconds(1), "0/304C9D0", "000000020000000000000003", 0.8,
                        T0, List.of("000000020000000000000001")),
                new FilesCovered("models", BackupKind.MODELS, T0.minusSeconds(30), T0.minusSeconds(1), T0),
                outageDetected(), incidentResolved(),
                new RecoveryStarted("inc-1", "rec-1", "database", RecoveryAction.DATABASE_FAILOVER, T0,
                        T0.plusSeconds(60), List.of("verify_standby_sync", "promote_standby")),
                new RecoveryStepCompleted("inc-1", "rec-1", "promote_standby", 1, RecoveryStatus.SUCCEEDED, T0,
                        T0.plusSeconds(1), "standby promoted"),
                new RecoveryCompleted("inc-1", "rec-1", "database", RecoveryAction.DATABASE_FAILOVER,
                        RecoveryStatus.SUCCEEDED, T0, T0.plusSeconds(4), "standby energy-standby", T0.minusSeconds(1),
                        0L, null, List.of("rebuild a new standby")),
                rebuildCompleted(),
                new DrillCompleted("drill-1", "database_recovery", "full", true, T0, T0.plusSeconds(90), 90, 90L, 12L,
                        3600L, 60L, null),
                new NotificationSent("n-1", "inc-1", "outage_detected", "email", "db-lead@company.com", "DELIVERED",
                        1, T0, "evt-1"),
                new RecoveryMetrics("inc-1", "database", Severity.CRITICAL, "RECOVERED", 20L, 3L, 64L, 0L, 3600L, 60L,
                        true, true, T0, "PASSED"),
                new MetricThresholdBreached("inc-1", "database", "recovery_monitoring", Severity.CRITICAL, 120, 121,
                        true, T0, "service_health FAILED: http://127.0.0.1:8081/q/health/ready answered 503"),
                recoveryMonitored(),
                new ComponentSnapshot("database", "Databases", 3600L, 60L, "BOUNDED", T0.minusSeconds(20), 20L, true,
                        1, new ComponentSnapshot.LastDrill("drill-1", "database_recovery", true, T0.minusSeconds(600),
                                95L, 12L), T0),
                new DatabaseTopologyChanged("energy_forecast", 3,
                        new DatabaseTopologyChanged.Node("127.0.0.1", 15434, null, null, null),
                        List.of(new DatabaseTopologyChanged.Node("127.0.0.1", 15433, 0L, 0.0, true)), List.of(), 2L,
                        "failover: primary 127.0.0.1:15433 down", "inc-1", T0));
    }

    /** Monitoring after a database recovery: four signals in bounds, one query without data. */
    public static RecoveryMonitored recoveryMonitored() {
        return new RecoveryMonitored("inc-1", "rec-1", "database", RecoveryMonitored.FAILED, 3, T0.plusSeconds(5),
                T0.plusSeconds(125), List.of(
                        new RecoveryMonitored.Signal("service_health", "PASSED", 5.0, 5.0, "5 of 5 ready"),
                        new RecoveryMonitored.Signal("data_integrity", "PASSED", 4.0, 4.0,
                                "primary 127.0.0.1:15433 writable; 4 tables with rows"),
                        new RecoveryMonitored.Signal("model_performance", RecoveryMonitored.Signal.NO_DATA, null,
                                10.0, "max(efp_model_mape_percent) returned no samples"),
                        new RecoveryMonitored.Signal("api_latency", "PASSED", 0.12, 0.5, null),
                        new RecoveryMonitored.Signal("error_rates", "PASSED", 0.0, 0.01, null)));
    }

    public static BackupCompleted backupCompleted() {
        return new BackupCompleted("bk-1", "energy_forecast", BackupKind.FULL,
                "s3://efp-dr-backups/databases/energy_forecast/bk-1/manifest.json", 1_000_000, 250_000,
                "a".repeat(64), T0, T0.plusSeconds(20), T0.plusSeconds(1), T0.plusSeconds(30 * 86_400), null);
    }

    public static OutageDetected outageDetected() {
        return new OutageDetected("inc-1", "database", Severity.CRITICAL, "forecast API cannot read or write",
                "health-probe", T0.minusSeconds(20), T0, "db-primary-down");
    }

    public static IncidentResolved incidentResolved() {
        return new IncidentResolved("inc-1", "database", T0.plusSeconds(40), "health-probe");
    }

    /** A new primary built from BASE + WAL on a spare node, which the completion names. */
    static RecoveryCompleted rebuildCompleted() {
        return new RecoveryCompleted("inc-2", "rec-2", "database", RecoveryAction.DATABASE_REBUILD,
                RecoveryStatus.SUCCEEDED, T0, T0.plusSeconds(40), "energy-forecast-base-1 + WAL to 0/5000060",
                T0.minusSeconds(22), 2L, null, List.of("point clients at 10.0.3.7:5433"), "10.0.3.7:5433");
    }
}
