package org.efp.dr.metrics.threshold;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.MetricThresholdBreached;
import org.efp.dr.common.events.Severity;
import org.efp.dr.common.postgres.Jdbc;
import org.jboss.logging.Logger;

/** Announces each breach once per subject and metric, as MetricThresholdBreached through the outbox. */
@ApplicationScoped
public class BreachLedger {

    private static final Logger LOG = Logger.getLogger(BreachLedger.class);

    private final Jdbc jdbc;
    private final EventPublisher publisher;

    public BreachLedger(AgroalDataSource dataSource, EventPublisher publisher) {
        this.jdbc = new Jdbc(dataSource);
        this.publisher = publisher;
    }

    /**
     * Records and publishes a breach unless this subject already breached this metric. {@code subject} is the
     * incident id, or {@code rpo:<component>} for exposure between outages ({@code incidentId} null).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean raise(String subject, String incidentId, String component, Severity severity, Breach breach,
            Instant now) {
        return raise(subject, incidentId, component, severity, breach, now, null);
    }

    /** As {@link #raise(String, String, String, Severity, Breach, Instant)}, saying in words what was out of bounds. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean raise(String subject, String incidentId, String component, Severity severity, Breach breach,
            Instant now, String detail) {
        int inserted = jdbc.update("threshold_breach update",
                "INSERT INTO threshold_breach (subject, metric, component, "
                + "threshold_seconds, observed_seconds, incident_open, breached_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", subject, breach.metric(), component, breach.thresholdSeconds(),
                breach.observedSeconds(), breach.incidentOpen(), now);
        if (inserted == 0) {
            return false;
        }
        publisher.publish(new MetricThresholdBreached(incidentId, component, breach.metric(), severity,
                breach.thresholdSeconds(), breach.observedSeconds(), breach.incidentOpen(), now, detail),
                "breach:" + subject + ":" + breach.metric() + ":" + now.toEpochMilli());
        LOG.infof("threshold breached subject=%s component=%s metric=%s thresholdSeconds=%d observedSeconds=%d",
                subject, component, breach.metric(), breach.thresholdSeconds(), breach.observedSeconds());
        return true;
    }

    /** Forgets a breach that no longer holds (RPO exposure back under the objective), so a new one is announced. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void clear(String subject, String metric) {
        jdbc.update("threshold_breach update",
                "DELETE FROM threshold_breach WHERE subject = ? AND metric = ?", subject, metric);
    }
}
