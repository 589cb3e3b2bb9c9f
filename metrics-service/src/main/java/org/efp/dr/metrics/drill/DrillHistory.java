package org.efp.dr.metrics.drill;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import org.efp.dr.common.events.DrillCompleted;
import org.efp.dr.common.postgres.Jdbc;
import org.efp.dr.metrics.prometheus.RecoveryMeters;
import org.efp.dr.metrics.tx.AfterCommit;

/** Stores one report per drill (a drill reported twice is stored once) and reads the history back. */
@ApplicationScoped
public class DrillHistory {

    private final Jdbc jdbc;
    private final RecoveryMeters meters;
    private final TransactionSynchronizationRegistry transactions;

    public DrillHistory(AgroalDataSource dataSource, RecoveryMeters meters,
            TransactionSynchronizationRegistry transactions) {
        this.jdbc = new Jdbc(dataSource);
        this.meters = meters;
        this.transactions = transactions;
    }

    void onStart(@Observes StartupEvent event) {
        latestPerScenario().forEach(report -> meters.lastDrill(report.scenario(), report.success()));
        capacities().forEach(c -> meters.capacity(c.component(), c.maxDatabaseBytes()));
    }

    /** The largest database a component's RTO holds, from the restore throughput of a drill. */
    public record Capacity(String component, long maxDatabaseBytes, double throughputBytesPerSecond,
            long rtoObjectiveSeconds, String drillId, java.time.Instant measuredAt) {
    }

    /** Stores a live drill: its outcome as any drill's, its full report, and the capacities it measured. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onLiveDrill(DrillCompleted drill, String reportJson, List<Capacity> capacities) {
        onDrill(drill);
        jdbc.update("drill update", "UPDATE drill SET report = ? WHERE drill_id = ? AND report IS NULL", reportJson,
                drill.drillId());
        for (Capacity c : capacities) {
            jdbc.update("drill update",
                    "INSERT INTO drill_capacity VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (component) DO "
                    + "UPDATE SET max_database_bytes = EXCLUDED.max_database_bytes, throughput_bytes_per_second = "
                    + "EXCLUDED.throughput_bytes_per_second, rto_objective_seconds = EXCLUDED.rto_objective_seconds, "
                    + "drill_id = EXCLUDED.drill_id, measured_at = EXCLUDED.measured_at "
                    + "WHERE drill_capacity.measured_at <= EXCLUDED.measured_at", c.component(), c.maxDatabaseBytes(),
                    c.throughputBytesPerSecond(), c.rtoObjectiveSeconds(), c.drillId(), c.measuredAt());
        }
        if (!capacities.isEmpty()) {
            AfterCommit.run(transactions,
                    () -> capacities().forEach(c -> meters.capacity(c.component(), c.maxDatabaseBytes())));
        }
    }

    /** The full report of a live drill, as it was submitted (JSON); empty for drills without one. */
    public Optional<String> report(String drillId) {
        return jdbc.one("drill query", "SELECT report FROM drill WHERE drill_id = ? AND report IS NOT NULL",
                rs -> rs.getString(1), drillId);
    }

    /** The reports of the newest {@code limit} live drills of {@code scenario}, newest first. */
    public List<String> liveReports(String scenario, int limit) {
        return jdbc.query("drill query", "SELECT report FROM drill WHERE scenario = ? AND report IS NOT NULL "
                + "ORDER BY completed_at DESC LIMIT ?", rs -> rs.getString(1), scenario, limit);
    }

    /** Scenarios that have live drill reports. */
    public List<String> liveScenarios() {
        return jdbc.query("drill query", "SELECT DISTINCT scenario FROM drill WHERE report IS NOT NULL "
                + "ORDER BY scenario", rs -> rs.getString(1));
    }

    public List<Capacity> capacities() {
        return jdbc.query("drill query", "SELECT component, max_database_bytes, throughput_bytes_per_second, "
                + "rto_objective_seconds, drill_id, measured_at FROM drill_capacity ORDER BY component",
                rs -> new Capacity(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getLong(4), rs.getString(5),
                        Jdbc.instant(rs, 6)));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void onDrill(DrillCompleted drill) {
        int inserted = jdbc.update("drill update", "INSERT INTO drill (drill_id, scenario, type, success, started_at, "
                + "completed_at, duration_seconds, measured_rto_seconds, measured_rpo_seconds, rto_objective_seconds, "
                + "rpo_objective_seconds, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                drill.drillId(), drill.scenario(), drill.type(), drill.success(), drill.startedAt(),
                drill.completedAt(), drill.durationSeconds(), drill.measuredRtoSeconds(),
                drill.measuredRpoSeconds(), drill.rtoObjectiveSeconds(), drill.rpoObjectiveSeconds(), drill.error());
        if (inserted == 1) {
            AfterCommit.run(transactions, () -> meters.drill(drill.scenario(), drill.success()));
        }
    }

    public Optional<DrillReport> find(String drillId) {
        return jdbc.one("drill query", DrillReport.SELECT + " WHERE drill_id = ?", DrillReport::from, drillId);
    }

    /** Newest first; {@code scenario} null for all scenarios. */
    public List<DrillReport> history(String scenario, int limit) {
        return scenario == null
                ? jdbc.query("drill query", DrillReport.SELECT + " ORDER BY completed_at DESC LIMIT ?",
                        DrillReport::from, limit)
                : jdbc.query("drill query", DrillReport.SELECT + " WHERE scenario = ? ORDER BY completed_at DESC "
                        + "LIMIT ?", DrillReport::from, scenario, limit);
    }

    public List<DrillReport> latestPerScenario() {
        return jdbc.query("drill query", "SELECT DISTINCT ON (scenario) * FROM (" + DrillReport.SELECT
                + ") d ORDER BY scenario, completed_at DESC", DrillReport::from);
    }
}
