package org.efp.dr.sampleapp.quality;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import org.efp.dr.sampleapp.config.AppSettings;
import org.efp.dr.sampleapp.model.ForecastModel;
import org.efp.dr.sampleapp.model.LiveModel;
import org.jboss.logging.Logger;

/**
 * The served model's quality: every interval, its forecasts for the latest meter readings in energy_forecast
 * (hours that have passed) against what the meters read, as {@code forecast_model_mean_absolute_error_mw} labelled
 * with the model version. Only the served version has the gauge: a switch removes the old version's.
 */
@ApplicationScoped
public class ModelQuality {

    private static final Logger LOG = Logger.getLogger(ModelQuality.class);
    private static final String READINGS = "SELECT site_id, read_at, consumption_mw FROM meter_readings "
            + "WHERE read_at <= now() ORDER BY read_at DESC, site_id LIMIT ?";

    private final DataSource energyForecast;
    private final LiveModel live;
    private final MeterRegistry registry;
    private final int readings;
    private final AtomicReference<Double> error = new AtomicReference<>(Double.NaN);
    private Gauge gauge;
    private String gaugeVersion;

    public ModelQuality(DataSource energyForecast, LiveModel live, MeterRegistry registry, AppSettings settings) {
        this.energyForecast = energyForecast;
        this.live = live;
        this.registry = registry;
        this.readings = settings.quality().readings();
    }

    @Scheduled(every = "${app.quality.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void evaluate() {
        LiveModel.Served served = live.served();
        if (!served.usable()) {
            drop();
            return;
        }
        double mae;
        try {
            mae = meanAbsoluteError(served.model());
        } catch (SQLException e) {
            LOG.warnf("model quality not evaluated version=%s: %s", served.version(), e.getMessage());
            return;
        }
        if (!served.version().equals(gaugeVersion)) {
            drop();
            error.set(mae);
            gauge = Gauge.builder("forecast.model.mean.absolute.error.mw", error, AtomicReference::get)
                    .description("Mean absolute error in MW of the served model against the latest meter readings")
                    .tag("model_version", served.version()).register(registry);
            gaugeVersion = served.version();
        }
        error.set(mae);
    }

    private void drop() {
        if (gauge != null) {
            registry.remove(gauge);
            gauge = null;
            gaugeVersion = null;
        }
    }

    double meanAbsoluteError(ForecastModel model) throws SQLException {
        try (Connection c = energyForecast.getConnection(); PreparedStatement ps = c.prepareStatement(READINGS)) {
            ps.setQueryTimeout(10);
            ps.setInt(1, readings);
            double sum = 0;
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double predicted = model.predict(rs.getInt(1), rs.getTimestamp(2).toInstant());
                    sum += Math.abs(predicted - rs.getDouble(3));
                    n++;
                }
            }
            if (n == 0) {
                throw new SQLException("energy_forecast has no meter readings to compare with");
            }
            return sum / n;
        }
    }
}
