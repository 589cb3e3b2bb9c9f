package org.efp.dr.sampleapp.forecast;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.sampleapp.model.ForecastModel;

/** Forecasts of one site from energy_forecast's site list and the served model. */
@ApplicationScoped
public class Forecasts {

    /** One forecast hour. */
    public record Point(Instant targetTime, double predictedMw) {
    }

    /** A site's forecast: which model version made it, and the hours ahead. */
    public record Forecast(int siteId, String siteName, String model, String modelVersion, List<Point> points) {
    }

    private final DataSource energyForecast;

    public Forecasts(DataSource energyForecast) {
        this.energyForecast = energyForecast;
    }

    /** The site's name, or null when energy_forecast has no such site. */
    public String siteName(int site) throws SQLException {
        try (Connection c = energyForecast.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT name FROM sites WHERE site_id = ?")) {
            ps.setQueryTimeout(5);
            ps.setInt(1, site);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public Forecast forecast(int site, String name, ForecastModel model, String version, int hours, Instant now) {
        Instant first = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        List<Point> points = new ArrayList<>(hours);
        for (int h = 0; h < hours; h++) {
            Instant at = first.plus(h, ChronoUnit.HOURS);
            points.add(new Point(at, Math.round(model.predict(site, at) * 1000) / 1000.0));
        }
        return new Forecast(site, name, model.name(), version, points);
    }
}
