package org.efp.dr.metrics.drill;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import org.efp.dr.common.events.DrillCompleted;
import org.efp.dr.metrics.jdbc.Jdbc;
import org.efp.dr.metrics.prometheus.RecoveryMeters;

/** Stores one report per drill (a drill reported twice is stored once) and reads the history back. */
@ApplicationScoped
public class DrillHistory {

    private final AgroalDataSource dataSource;
    private final RecoveryMeters meters;
    private final TransactionSynchronizationRegistry transactions;

    public DrillHistory(AgroalDataSource dataSource, RecoveryMeters meters,
            TransactionSynchronizationRegistry transactions) {
        this.dataSource = dataSource;
        this.meters = meters;
        this.transactions = transactions;
    }

    void onStart(@Observes StartupEvent event) {
        latestPerScenario().forEach(report -> meters.lastDrill(report.scenario(), report.success()));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void onDrill(DrillCompleted drill) {
        int inserted = Jdbc.update(dataSource, "INSERT INTO drill (drill_id, scenario, type, success, started_at, "
                + "completed_at, duration_seconds, measured_rto_seconds, measured_rpo_seconds, rto_objective_seconds, "
                + "rpo_objective_seconds, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                drill.drillId(), drill.scenario(), drill.type(), drill.success(), Jdbc.ts(drill.startedAt()),
                Jdbc.ts(drill.completedAt()), drill.durationSeconds(), drill.measuredRtoSeconds(),
                drill.measuredRpoSeconds(), drill.rtoObjectiveSeconds(), drill.rpoObjectiveSeconds(), drill.error());
        if (inserted == 1) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        meters.drill(drill.scenario(), drill.success());
                    }
                }
            });
        }
    }

    public Optional<DrillReport> find(String drillId) {
        return Jdbc.query(dataSource, DrillReport.SELECT + " WHERE drill_id = ?", DrillReport::from, drillId);
    }

    /** Newest first; {@code scenario} null for all scenarios. */
    public List<DrillReport> history(String scenario, int limit) {
        return scenario == null
                ? Jdbc.queryList(dataSource, DrillReport.SELECT + " ORDER BY completed_at DESC LIMIT ?",
                        DrillReport::from, limit)
                : Jdbc.queryList(dataSource, DrillReport.SELECT + " WHERE scenario = ? ORDER BY completed_at DESC "
                        + "LIMIT ?", DrillReport::from, scenario, limit);
    }

    public List<DrillReport> latestPerScenario() {
        return Jdbc.queryList(dataSource, "SELECT DISTINCT ON (scenario) * FROM (" + DrillReport.SELECT
                + ") d ORDER BY scenario, completed_at DESC", DrillReport::from);
    }
}
