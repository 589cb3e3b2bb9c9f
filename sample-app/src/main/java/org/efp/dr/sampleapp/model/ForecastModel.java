package org.efp.dr.sampleapp.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A load-forecast model as the app's model file ({@code model.json} in a version directory) holds it: consumption in
 * MW at a site and instant is {@code intercept + siteWeight * site + amplitude * sin(epochSeconds / periodSeconds)}.
 * Small on purpose: what matters here is which version serves and how well it forecasts, not the maths.
 */
public record ForecastModel(String name, String version, double intercept, double siteWeight, double amplitude,
        double periodSeconds) {

    public ForecastModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        if (!(periodSeconds > 0) || !Double.isFinite(intercept) || !Double.isFinite(siteWeight)
                || !Double.isFinite(amplitude)) {
            throw new IllegalArgumentException("model " + name + " " + version
                    + " needs finite coefficients and a positive periodSeconds");
        }
    }

    /** The forecast consumption in MW at {@code site} and {@code at}. */
    public double predict(int site, Instant at) {
        return intercept + siteWeight * site + amplitude * Math.sin(at.getEpochSecond() / periodSeconds);
    }
}
