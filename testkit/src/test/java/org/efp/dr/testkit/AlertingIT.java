package org.efp.dr.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Prometheus evaluates the platform's real rules (deploy/prometheus/rules) against real scrapes and Alertmanager,
 * with the platform's routing (deploy/alertmanager), delivers what fires to a webhook with the alertmanager user's
 * password, the way failover-service receives it.
 * A JDK HTTP server stands in for failover-service's webhook and for one service's /q/metrics.
 */
class AlertingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The rules' pending periods here (1 minute as shipped; promtool's rule tests prove those). */
    private static final Duration PENDING = Duration.ofSeconds(5);

    private final Path home = Path.of("target", "alerting-it", UUID.randomUUID().toString()).toAbsolutePath();
    private final String password = UUID.randomUUID().toString().replace("-", "");
    private final ConcurrentLinkedQueue<JsonNode> alerts = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> wrongCredentials = new ConcurrentLinkedQueue<>();
    private HttpServer http;
    private AlertmanagerServer alertmanager;
    private PrometheusServer prometheus;

    @BeforeEach
    void startReceiver() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", Ports.free()), 0);
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString(("alertmanager:" + password).getBytes(StandardCharsets.UTF_8));
        http.createContext("/api/v1/alerts/alertmanager", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (!expected.equals(auth)) {
                wrongCredentials.add(String.valueOf(auth));
                reply(exchange, 401, "");
                return;
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            body.path("alerts").forEach(alerts::add);
            reply(exchange, 202, "");
        });
        // backup-service's metrics as it would show a broken WAL archive: two missing segments.
        http.createContext("/q/metrics", exchange -> reply(exchange, 200,
                "# TYPE dr_wal_archive_gaps gauge\ndr_wal_archive_gaps 2.0\n"
                        + "# TYPE dr_wal_archive_lag_seconds gauge\ndr_wal_archive_lag_seconds 1.0\n"));
        http.start();
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @AfterEach
    void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
        http.stop(0);
        TestInfrastructure.delete(home);
    }

    @Test
    void firingRulesReachTheWebhookAuthenticatedAndTheWatchdogStaysAway() throws IOException {
        // Given: Alertmanager routing to the webhook with a password file, Prometheus with the platform's rules,
        // scraping a backup-service that reports WAL gaps and a restore-service that is not there
        Path passwordFile = Files.createDirectories(home).resolve("webhook.password");
        Files.writeString(passwordFile, password);
        int receiver = http.getAddress().getPort();
        alertmanager = new AlertmanagerServer(home.resolve("alertmanager"), Ports.free(),
                new AlertmanagerServer.Webhook("http://127.0.0.1:" + receiver + "/api/v1/alerts/alertmanager",
                        "alertmanager", passwordFile), AlertmanagerServer.platformRouting(Path.of(".."))).start();
        int nothingListens = Ports.free();
        prometheus = new PrometheusServer(home.resolve("prometheus"), Ports.free(), new PrometheusServer.Settings(
                Map.of("backup-service", List.of("127.0.0.1:" + receiver),
                        "restore-service", List.of("127.0.0.1:" + nothingListens)),
                PrometheusServer.withPendingAtMost(PrometheusServer.platformRules(Path.of("..")),
                        home.resolve("rules"), PENDING), alertmanager.hostPort(), Duration.ofSeconds(1)))
                .start();

        // When: the rules' "for" periods (shortened to PENDING) pass
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> firing("DrServiceDown") != null && firing("DrWalArchiveGaps") != null);

        // Then: the down service and the broken archive are named, severity and summary carried along
        JsonNode down = firing("DrServiceDown");
        assertThat(down.path("labels").path("component").asText()).isEqualTo("restore-service");
        assertThat(down.path("labels").path("severity").asText()).isEqualTo("critical");
        assertThat(down.path("annotations").path("summary").asText()).isEqualTo("restore-service is down");
        JsonNode gaps = firing("DrWalArchiveGaps");
        assertThat(gaps.path("labels").path("component").asText()).isEqualTo("wal-archive");
        assertThat(gaps.path("annotations").path("summary").asText())
                .isEqualTo("2 WAL segment(s) missing from the archive");
        // the healthy scrape target raised nothing, and the always-firing Watchdog (older than both) never came
        assertThat(alerts).noneMatch(a -> "backup-service".equals(a.path("labels").path("component").asText()));
        assertThat(alerts).noneMatch(a -> "Watchdog".equals(a.path("labels").path("alertname").asText()));
        assertThat(wrongCredentials).isEmpty();
    }

    private JsonNode firing(String alertname) {
        return alerts.stream()
                .filter(a -> alertname.equals(a.path("labels").path("alertname").asText()))
                .filter(a -> "firing".equals(a.path("status").asText()))
                .findFirst().orElse(null);
    }
}
