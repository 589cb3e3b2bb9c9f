package org.efp.dr.restore.models;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

import org.efp.dr.restore.config.RestoreSettings;
import org.jboss.logging.Logger;

/**
 * The guide's {@code monitor_predictions}: watches one served model version through Prometheus for the configured
 * window and judges it against the thresholds. The app labels its metrics with the version it serves, so only the
 * restored version's requests and forecast error count. Degraded as soon as one check breaches a threshold; healthy
 * only when the version was seen reporting and never breached; otherwise not watched, with the reason (Prometheus not
 * configured or not answering, or the version never reported), which is never taken for healthy.
 */
public final class PredictionWatch {

    /** What the watch concluded. */
    public enum Outcome {
        HEALTHY, DEGRADED, NOT_WATCHED,
        /** The watched version stopped being served (its files or the live link are gone): nothing left to watch. */
        LOST
    }

    /** The conclusion and what it rests on. */
    public record Verdict(Outcome outcome, String detail) {
    }

    private static final Logger LOG = Logger.getLogger(PredictionWatch.class);
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final RestoreSettings.Monitor config;
    private final Optional<PrometheusQuery> prometheus;
    private final Clock clock;

    public PredictionWatch(RestoreSettings.Monitor config, Optional<PrometheusQuery> prometheus, Clock clock) {
        this.config = config;
        this.prometheus = prometheus;
        this.clock = clock;
    }

    /** Watches {@code version} for the window (returns early when it degrades or cannot be watched). */
    public Verdict watch(String version) throws InterruptedException {
        return watch(version, Optional::empty);
    }

    /**
     * As {@link #watch(String)}, and at each look asks {@code lost} whether the version is still served at all: a
     * problem ends the watch at once as {@link Outcome#LOST} (a model deleted after its restore is not "healthy"
     * because it stopped reporting).
     */
    public Verdict watch(String version, java.util.function.Supplier<Optional<String>> lost)
            throws InterruptedException {
        if (!LABEL.matcher(version).matches() || !LABEL.matcher(config.job()).matches()) {
            return new Verdict(Outcome.NOT_WATCHED, "version " + version + " or job " + config.job()
                    + " cannot be named in a Prometheus query");
        }
        if (prometheus.isEmpty()) {
            return new Verdict(Outcome.NOT_WATCHED, "no Prometheus configured (dr.restore.models.monitor."
                    + "prometheus-url): the restored model " + version + " was not watched");
        }
        PrometheusQuery query = prometheus.get();
        Instant deadline = clock.instant().plus(config.window());
        int unanswered = 0;
        Reading last = null;
        while (true) {
            Optional<String> gone = lost.get();
            if (gone.isPresent()) {
                LOG.warnf("model lost while watched version=%s: %s", version, gone.get());
                return new Verdict(Outcome.LOST, "model " + version + " is no longer served: " + gone.get());
            }
            try {
                Reading reading = read(query, version);
                unanswered = 0;
                if (reading.seen()) {
                    last = reading;
                }
                Optional<String> breach = breach(reading);
                if (breach.isPresent()) {
                    LOG.warnf("model degraded version=%s: %s", version, breach.get());
                    return new Verdict(Outcome.DEGRADED, "model " + version + " degraded: " + breach.get());
                }
            } catch (IOException e) {
                if (++unanswered >= config.maxUnanswered()) {
                    return new Verdict(Outcome.NOT_WATCHED, "Prometheus at " + query.baseUrl() + " did not answer "
                            + unanswered + " times in a row (" + e.getMessage() + "): the restored model " + version
                            + " was not confirmed healthy");
                }
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                break;
            }
            Thread.sleep(Math.max(1, Math.min(config.interval().toMillis(), left.toMillis())));
        }
        if (last == null) {
            return new Verdict(Outcome.NOT_WATCHED, "Prometheus (job " + config.job() + ") never had metrics of model "
                    + version + " within " + config.window() + ": the restored model was not confirmed healthy");
        }
        return new Verdict(Outcome.HEALTHY, "model " + version + " healthy for " + config.window() + ": "
                + last.describe());
    }

    /**
     * Whether {@code version} breaches a threshold right now (one look): the breach, or empty when it does not, has
     * not reported, or cannot be asked about (no Prometheus, Prometheus not answering, a name unsafe in a query).
     */
    public Optional<String> breachNow(String version) {
        if (prometheus.isEmpty() || !LABEL.matcher(version).matches() || !LABEL.matcher(config.job()).matches()) {
            return Optional.empty();
        }
        try {
            return breach(read(prometheus.get(), version));
        } catch (IOException e) {
            LOG.debugf("model %s not looked at: %s", version, e.getMessage());
            return Optional.empty();
        }
    }

    /** Prometheus as {@code monitor} names it, when it does. */
    public static Optional<PrometheusQuery> prometheus(RestoreSettings.Monitor monitor) {
        return monitor.prometheusUrl().filter(u -> !u.isBlank())
                .map(u -> new PrometheusQuery(u, monitor.queryTimeout()));
    }

    /** One look at the version's metrics; a value is empty when the app has not reported it (yet). */
    record Reading(OptionalDouble errorRate, OptionalDouble latencyP95, OptionalDouble meanAbsoluteError) {
        boolean seen() {
            return errorRate.isPresent() || latencyP95.isPresent() || meanAbsoluteError.isPresent();
        }

        String describe() {
            return "error rate " + text(errorRate, "%.3f") + ", latency p95 " + text(latencyP95, "%.3f s")
                    + ", mean absolute error " + text(meanAbsoluteError, "%.2f MW");
        }

        private static String text(OptionalDouble v, String format) {
            return v.isPresent() ? String.format(Locale.ROOT, format, v.getAsDouble()) : "not reported";
        }
    }

    private Reading read(PrometheusQuery query, String version) throws IOException {
        String selector = "job=\"" + config.job() + "\",model_version=\"" + version + "\"";
        String range = "[" + Math.max(1, config.rateWindow().toSeconds()) + "s]";
        OptionalDouble errorRate = query.value("(sum(rate(forecast_requests_total{" + selector
                + ",outcome=\"error\"}" + range + ")) or vector(0)) / sum(rate(forecast_requests_total{" + selector
                + "}" + range + "))");
        OptionalDouble p95 = query.value("histogram_quantile(0.95, sum by (le) (rate("
                + "forecast_request_duration_seconds_bucket{" + selector + "}" + range + ")))");
        OptionalDouble mae = query.value("max(forecast_model_mean_absolute_error_mw{" + selector + "})");
        return new Reading(errorRate, p95, mae);
    }

    private Optional<String> breach(Reading r) {
        List<String> breaches = new ArrayList<>();
        if (r.errorRate().isPresent() && r.errorRate().getAsDouble() > config.maxErrorRate()) {
            breaches.add(String.format(Locale.ROOT, "error rate %.3f above %.3f", r.errorRate().getAsDouble(),
                    config.maxErrorRate()));
        }
        double limit = config.maxLatencyP95().toNanos() / 1e9;
        if (r.latencyP95().isPresent() && r.latencyP95().getAsDouble() > limit) {
            breaches.add(String.format(Locale.ROOT, "latency p95 %.3f s above %.3f s", r.latencyP95().getAsDouble(),
                    limit));
        }
        if (r.meanAbsoluteError().isPresent()
                && r.meanAbsoluteError().getAsDouble() > config.maxMeanAbsoluteErrorMw()) {
            breaches.add(String.format(Locale.ROOT, "mean absolute forecast error %.2f MW above %.2f MW",
                    r.meanAbsoluteError().getAsDouble(), config.maxMeanAbsoluteErrorMw()));
        }
        return breaches.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", breaches));
    }
}
