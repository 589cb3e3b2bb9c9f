package org.efp.dr.metrics.monitor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.events.RecoveryMonitored.Signal;

/** service_health: every configured service's readiness endpoint answers 2xx. */
@ApplicationScoped
public class ServiceHealthCheck {

    public static final String NAME = "service_health";

    private final MonitorConfig config;
    private final HttpClient http;

    public ServiceHealthCheck(MonitorConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.checkTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        config.healthUrls().orElse(List.of()).forEach(ServiceHealthCheck::requireHttpUrl);
    }

    /** A configured URL must be an absolute http(s) URL; anything else stops the start with a clear message. */
    static void requireHttpUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dr.metrics.monitor.health-urls: not a URL: " + url, e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("dr.metrics.monitor.health-urls: not an http(s) URL: " + url);
        }
    }

    public Signal check() {
        List<String> urls = config.healthUrls().orElse(List.of());
        if (urls.isEmpty()) {
            return new Signal(NAME, Signal.NO_DATA, null, null, "no health URL configured "
                    + "(dr.metrics.monitor.health-urls)");
        }
        List<String> failures = new ArrayList<>();
        urls.forEach(url -> probe(url).ifPresent(failures::add));
        int ready = urls.size() - failures.size();
        String detail = ready + " of " + urls.size() + " ready" + (failures.isEmpty() ? ""
                : "; " + String.join("; ", failures));
        return new Signal(NAME, failures.isEmpty() ? "PASSED" : "FAILED", (double) ready, (double) urls.size(),
                cut(detail));
    }

    /** Why {@code url} is not ready, or empty when it answered 2xx. */
    private java.util.Optional<String> probe(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(config.checkTimeout()).GET()
                    .header("Accept", "application/json").build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status / 100 == 2 ? java.util.Optional.empty()
                    : java.util.Optional.of(url + " answered " + status);
        } catch (IOException | IllegalArgumentException e) {
            return java.util.Optional.of(url + " unreachable: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.of(url + " not probed: interrupted");
        }
    }

    static String cut(String text) {
        return text.length() <= 1900 ? text : text.substring(0, 1900) + "…";
    }
}
