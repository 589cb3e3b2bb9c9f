package org.efp.dr.metrics.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PrometheusServer;

/**
 * The protected platform as monitoring sees it after a recovery: an API service with a readiness endpoint and
 * Micrometer-style metrics (requests, latency, 5xx answers, the models' MAPE) that a real Prometheus scrapes every
 * second. A JDK HTTP server stands in for the service; tests set what it reports. One per test JVM.
 */
public final class ProtectedPlatform {

    private static ProtectedPlatform shared;

    private final HttpServer http;
    private final PrometheusServer prometheus;
    private volatile boolean ready = true;
    private volatile double mapePercent = 3.87;
    private long requests;
    private double latencySum;

    private ProtectedPlatform() {
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", Ports.free()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/q/health/ready", exchange -> reply(exchange, ready ? 200 : 503,
                ready ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}"));
        http.createContext("/q/metrics", exchange -> reply(exchange, 200, metrics()));
        http.start();
        Path home = Path.of("target", "monitored-platform", UUID.randomUUID().toString()).toAbsolutePath();
        prometheus = new PrometheusServer(home, Ports.free(), new PrometheusServer.Settings(
                Map.of("forecast-api", List.of(hostPort())), List.of(), null, Duration.ofSeconds(1))).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            prometheus.close();
            http.stop(0);
            delete(home);
        }, "protected-platform-stop"));
    }

    public static synchronized ProtectedPlatform shared() {
        if (shared == null) {
            shared = new ProtectedPlatform();
        }
        return shared;
    }

    /** The API's readiness endpoint answers 200 (ready) or 503. */
    public void ready(boolean ready) {
        this.ready = ready;
    }

    /** The models' prediction error the API reports. */
    public void mapePercent(double mapePercent) {
        this.mapePercent = mapePercent;
    }

    /** Back to a healthy platform. */
    public void healthy() {
        ready(true);
        mapePercent(3.87);
    }

    public String readinessUrl() {
        return "http://" + hostPort() + "/q/health/ready";
    }

    public String prometheusUrl() {
        return prometheus.url();
    }

    private String hostPort() {
        return "127.0.0.1:" + http.getAddress().getPort();
    }

    /** Each scrape sees 20 more forecast requests of 120 ms each, none failed. */
    private synchronized String metrics() {
        requests += 20;
        latencySum += 20 * 0.12;
        String ok = "{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/api/v1/forecasts\"}";
        String failed = "{method=\"GET\",outcome=\"SERVER_ERROR\",status=\"500\",uri=\"/api/v1/forecasts\"}";
        return "# TYPE http_server_requests_seconds summary\n"
                + "http_server_requests_seconds_count" + ok + " " + requests + "\n"
                + "http_server_requests_seconds_sum" + ok + " " + latencySum + "\n"
                + "http_server_requests_seconds_count" + failed + " 0\n"
                + "http_server_requests_seconds_sum" + failed + " 0\n"
                + "# TYPE efp_model_mape_percent gauge\n"
                + "efp_model_mape_percent{model=\"load-forecast\"} " + mapePercent + "\n";
    }

    private static void delete(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Left under target/, removed by the next clean.
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
