package org.efp.dr.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configurations the test kit writes for Prometheus and Alertmanager are valid, keep secrets out, and refuse bad input. */
class MonitoringConfigTest {

    @TempDir
    Path dir;

    @Test
    void theAlertmanagerConfigurationIsThePlatformRoutingWithLocalAddressesAndNoPassword() throws Exception {
        // Given
        Path passwordFile = Files.writeString(dir.resolve("alertmanager.password"), "s3cretPassw0rd\n");
        AlertmanagerServer server = new AlertmanagerServer(dir.resolve("am"), 19095, new AlertmanagerServer.Webhook(
                "http://127.0.0.1:8083/api/v1/alerts/alertmanager", "alertmanager", passwordFile),
                AlertmanagerServer.platformRouting(Path.of("..")));

        // When
        Path config = server.writeConfig();

        // Then
        String text = Files.readString(config);
        assertThat(text).doesNotContain("s3cretPassw0rd").contains(passwordFile.toString())
                .contains("http://127.0.0.1:8083/api/v1/alerts/alertmanager").contains("group_wait: 5s")
                .contains("group_interval: 30s").contains("repeat_interval: 4h")
                .contains("alertname=\"Watchdog\"")
                .doesNotContain("failover-service:8083").doesNotContain("/etc/alertmanager/secrets");
        String check = run(ServerProcess.program("DR_AMTOOL_BIN", "amtool"), "check-config", config.toString());
        assertThat(check).contains("SUCCESS");
    }

    @Test
    void thePrometheusConfigurationIsValidAndLoadsThePlatformRules() throws Exception {
        // Given
        List<Path> rules = PrometheusServer.platformRules(Path.of(".."));
        PrometheusServer server = new PrometheusServer(dir.resolve("prom"), 19090, new PrometheusServer.Settings(
                Map.of("backup-service", List.of("127.0.0.1:8081"), "notifier-service", List.of("127.0.0.1:8084")),
                rules, "127.0.0.1:19095", Duration.ofSeconds(5)));

        // When
        Path config = server.writeConfig();

        // Then
        String check = run(ServerProcess.program("DR_PROMTOOL_BIN", "promtool"), "check", "config",
                config.toString());
        assertThat(check).contains("SUCCESS").contains("efp-dr.rules.yml");
        assertThat(Files.readString(config)).contains("/q/metrics").contains("scrape_interval: 5s");
    }

    @Test
    void rulesWithShortenedPendingPeriodsAreValidAndOtherwiseThePlatformRules() throws Exception {
        // Given
        List<Path> rules = PrometheusServer.platformRules(Path.of(".."));

        // When
        List<Path> copies = PrometheusServer.withPendingAtMost(rules, dir.resolve("rules"), Duration.ofSeconds(5));

        // Then
        String check = run(ServerProcess.program("DR_PROMTOOL_BIN", "promtool"), "check", "rules",
                copies.get(0).toString());
        assertThat(check).contains("SUCCESS");
        String original = Files.readString(rules.get(0));
        String copy = Files.readString(copies.get(0));
        assertThat(copy).doesNotContain("for: 1m").doesNotContain("pending_for: 1m").contains("for: 5s")
                .contains("pending_for: 5s").contains("EnergyForecastModelInaccurate")
                .contains("forecast_model_mean_absolute_error_mw) > 5");
        assertThat(copy.split("- alert: ", -1)).hasSameSizeAs(original.split("- alert: ", -1));
        assertThat(PrometheusServer.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> PrometheusServer.duration("5 minutes")).hasMessageContaining("not a Prometheus");
    }

    @Test
    void settingsThatWouldBecomeConfigurationAreCheckedFirst() throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("pw"), "x");
        assertThatThrownBy(() -> new AlertmanagerServer.Webhook("http://127.0.0.1:8083/x\n  evil: true",
                "alertmanager", passwordFile)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("webhook url");
        assertThatThrownBy(() -> new AlertmanagerServer.Webhook("http://127.0.0.1:8083/x", "alert manager",
                passwordFile)).hasMessageContaining("webhook user");
        assertThatThrownBy(() -> new AlertmanagerServer.Webhook("http://127.0.0.1:8083/x", "alertmanager",
                dir.resolve("missing"))).hasMessageContaining("password file missing");
        assertThatThrownBy(() -> new PrometheusServer.Settings(Map.of("Backup Service", List.of("127.0.0.1:1")),
                List.of(), null, Duration.ofSeconds(5))).hasMessageContaining("job must be");
        assertThatThrownBy(() -> new PrometheusServer.Settings(Map.of("backup-service", List.of("127.0.0.1")),
                List.of(), null, Duration.ofSeconds(5))).hasMessageContaining("must be host:port");
        assertThatThrownBy(() -> new RedisServer(dir, 16379, "short")).hasMessageContaining("redis password");
        assertThatThrownBy(() -> new RedisServer(dir, 16379, "longenoughbut has space"))
                .hasMessageContaining("redis password");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
