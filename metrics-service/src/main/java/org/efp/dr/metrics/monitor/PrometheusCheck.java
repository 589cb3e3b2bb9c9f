package org.efp.dr.metrics.monitor;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.common.events.RecoveryMonitored.Signal;
import org.efp.dr.metrics.monitor.MonitorConfig.Query;

/**
 * The PromQL signals (model_performance, api_latency, error_rates, ...) as instant queries against Prometheus' HTTP
 * API. The value judged is the worst series the query returns; a query returning nothing (or NaN: no traffic to
 * divide by) is NO_DATA, which never passes; an unreachable Prometheus or a rejected query is ERROR.
 */
@ApplicationScoped
public class PrometheusCheck {

    private final MonitorConfig config;
    private final HttpClient http;

    public PrometheusCheck(MonitorConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.checkTimeout()).build();
        config.queries().keySet().forEach(name -> {
            if (!name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
                throw new IllegalArgumentException("dr.metrics.monitor.queries: a signal name is 1-64 lower-case "
                        + "letters, digits, '.', '-' or '_': " + name);
            }
        });
        config.prometheusUrl().ifPresent(url -> {
            if (!url.matches("https?://[^\\s?#]+")) {
                throw new IllegalArgumentException("dr.metrics.monitor.prometheus-url: not an http(s) URL: " + url);
            }
        });
    }

    /** Every configured query, by name. */
    public List<Signal> checkAll() {
        return new TreeMap<>(config.queries()).entrySet().stream().map(e -> check(e.getKey(), e.getValue()))
                .toList();
    }

    public Signal check(String name, Query query) {
        Double threshold = query.max().or(query::min).orElse(null);
        if (config.prometheusUrl().isEmpty()) {
            return new Signal(name, Signal.ERROR, null, threshold, "no Prometheus configured "
                    + "(dr.metrics.monitor.prometheus-url)");
        }
        JsonNode answer;
        try {
            answer = query(query.promql());
        } catch (IOException e) {
            return new Signal(name, Signal.ERROR, null, threshold, ServiceHealthCheck.cut("Prometheus unreachable: "
                    + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Signal(name, Signal.ERROR, null, threshold, "interrupted");
        }
        if (!"success".equals(answer.path("status").asText())) {
            return new Signal(name, Signal.ERROR, null, threshold, ServiceHealthCheck.cut("query refused: "
                    + answer.path("error").asText(answer.toString())));
        }
        Double worst = worst(answer.path("data"), query);
        if (worst == null) {
            return new Signal(name, Signal.NO_DATA, null, threshold, ServiceHealthCheck.cut(query.promql()
                    + " returned no samples"));
        }
        boolean inBounds = query.max().map(max -> worst <= max).orElse(true)
                && query.min().map(min -> worst >= min).orElse(true);
        return new Signal(name, inBounds ? "PASSED" : "FAILED", worst, threshold, bounds(query, worst));
    }

    private JsonNode query(String promql) throws IOException, InterruptedException {
        String base = config.prometheusUrl().orElseThrow().replaceAll("/+$", "");
        URI uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.checkTimeout()).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        try {
            return EventCodec.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new IOException("HTTP " + response.statusCode() + " without a JSON answer", e);
        }
    }

    /** The value farthest out of bounds among the result's samples (largest under a max, else smallest). */
    private static Double worst(JsonNode data, Query query) {
        String type = data.path("resultType").asText();
        List<JsonNode> samples = new java.util.ArrayList<>();
        if ("vector".equals(type)) {
            data.path("result").forEach(series -> samples.add(series.path("value")));
        } else if ("scalar".equals(type)) {
            samples.add(data.path("result"));
        }
        Double worst = null;
        for (JsonNode sample : samples) {
            double value;
            try {
                value = Double.parseDouble(sample.path(1).asText());
            } catch (NumberFormatException e) {
                continue;
            }
            if (Double.isNaN(value)) {
                continue;
            }
            if (worst == null || (query.max().isPresent() ? value > worst : value < worst)) {
                worst = value;
            }
        }
        return worst;
    }

    private static String bounds(Query query, double value) {
        StringBuilder text = new StringBuilder().append(value).append(' ').append(query.unit());
        query.min().ifPresent(min -> text.append(", min ").append(min));
        query.max().ifPresent(max -> text.append(", max ").append(max));
        return text.toString();
    }

    /** Names of the configured queries. */
    public Map<String, Query> queries() {
        return config.queries();
    }
}
