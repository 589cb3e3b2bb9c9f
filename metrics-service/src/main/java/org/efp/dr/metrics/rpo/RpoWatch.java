package org.efp.dr.metrics.rpo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import org.efp.dr.common.config.RecoveryObjectives.Objective;
import org.efp.dr.metrics.config.MetricsConfig;
import org.efp.dr.metrics.threshold.Breach;
import org.efp.dr.metrics.threshold.BreachLedger;

/**
 * Holds RPO exposure against each component's RPO between outages: exposure above the objective is a breach
 * (announced once), and it is forgotten when a backup brings exposure back under, so the next lapse alerts again.
 */
@ApplicationScoped
public class RpoWatch {

    private final RecoveryPoints points;
    private final RpoExposure exposure;
    private final BreachLedger breaches;
    private final MetricsConfig config;

    public RpoWatch(RecoveryPoints points, RpoExposure exposure, BreachLedger breaches, MetricsConfig config) {
        this.points = points;
        this.exposure = exposure;
        this.breaches = breaches;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        exposure.load(points.all());
    }

    @Scheduled(every = "${dr.metrics.rpo-check-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        exposure.load(points.all());
        QuarkusTransaction.requiringNew().run(() -> exposure.objectives().forEach(this::check));
    }

    private void check(Objective objective) {
        if (objective.rpo() == null) {
            return;
        }
        String subject = "rpo:" + objective.component();
        exposure.exposureSeconds(objective.component()).ifPresent(seconds -> {
            long limit = objective.rpo().getSeconds();
            if (seconds > limit) {
                breaches.raise(subject, null, objective.component(), config.rpoExposureSeverity(),
                        new Breach(Breach.RPO_EXPOSURE, limit, seconds, false), exposure.now());
            } else {
                breaches.clear(subject, Breach.RPO_EXPOSURE);
            }
        });
    }
}
