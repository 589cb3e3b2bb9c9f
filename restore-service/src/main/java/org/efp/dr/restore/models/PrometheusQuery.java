package org.efp.dr.restore.models;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Instant queries against Prometheus' HTTP API ({@code GET /api/v1/query}): the first sample's value of a query,
 * empty when the query matches no series (or yields NaN); an answer that is not a success is an {@link IOException}.
 */
public final class PrometheusQuery {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient http;

    public PrometheusQuery(String baseUrl, Duration timeout) {
        URI uri = URI.create(baseUrl);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("Prometheus URL must be http(s)://host[:port], got " + baseUrl);
        }
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The value of {@code promql} now. */
    public OptionalDouble value(String promql) throws IOException {
        URI uri = URI.create(baseUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking Prometheus", e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IOException("Prometheus answered " + response.statusCode() + " with no JSON", e);
        }
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IOException("Prometheus answered " + response.statusCode() + ": "
                    + body.path("error").asText("no error text"));
        }
        JsonNode result = body.path("data").path("result");
        JsonNode value = "scalar".equals(body.path("data").path("resultType").asText()) ? result
                : result.path(0).path("value");
        if (!value.isArray() || value.size() < 2) {
            return OptionalDouble.empty();
        }
        double v;
        try {
            v = Double.parseDouble(value.get(1).asText());
        } catch (NumberFormatException e) {
            throw new IOException("Prometheus sample is not a number: " + value.get(1).asText(), e);
        }
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
