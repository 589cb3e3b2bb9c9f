package org.efp.dr.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}) on 127.0.0.1 with clustering off. Every alert
 * but the Watchdog goes to one webhook (failover-service's {@code /api/v1/alerts/alertmanager}) with HTTP Basic
 * authentication whose password is read from a file, never written into the configuration. Timing is the
 * platform's: group_wait 5 s, group_interval 30 s, repeat_interval 4 h. The routing tree is the one of
 * {@code deploy/alertmanager/alertmanager.yml}.
 */
public final class AlertmanagerServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AlertmanagerServer.class);

    /** Where alerts go and as whom. */
    public record Webhook(String url, String user, Path passwordFile) {
        public Webhook {
            if (url == null || !url.matches("https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/\\-]*)?")) {
                throw new IllegalArgumentException("webhook url must be a plain http(s) URL, got " + url);
            }
            if (user == null || !user.matches("[A-Za-z0-9._\\-]{1,64}")) {
                throw new IllegalArgumentException("webhook user must be a simple name, got " + user);
            }
            if (passwordFile == null || !Files.isRegularFile(passwordFile)) {
                throw new IllegalArgumentException("webhook password file missing: " + passwordFile);
            }
        }
    }

    private final Path home;
    private final int port;
    private final Webhook webhook;
    private ServerProcess process;

    public AlertmanagerServer(Path home, int port, Webhook webhook) {
        this.home = home.toAbsolutePath();
        this.port = port;
        this.webhook = webhook;
    }

    /** Writes the configuration, starts Alertmanager and waits for {@code /-/ready}. */
    public AlertmanagerServer start() {
        Path config = writeConfig();
        process = ServerProcess.start("alertmanager", home, List.of(
                ServerProcess.program("DR_ALERTMANAGER_BIN", "prometheus-alertmanager"),
                "--config.file=" + config,
                "--storage.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--log.level=info"));
        process.awaitReady(Duration.ofSeconds(60), () -> ServerProcess.answers(url() + "/-/ready"));
        LOG.infof("Alertmanager up url=%s webhook=%s", url(), webhook.url());
        return this;
    }

    /** Writes {@code alertmanager.yml} into the server's directory. */
    Path writeConfig() {
        return YamlFiles.write(home.resolve("alertmanager.yml"),
                "Written by the EFP DR test kit; routing as in deploy/alertmanager/alertmanager.yml", config());
    }

    private Map<String, Object> config() {
        Map<String, Object> watchdog = new LinkedHashMap<>();
        watchdog.put("receiver", "watchdog");
        watchdog.put("matchers", List.of("alertname=\"Watchdog\""));
        watchdog.put("repeat_interval", "5m");

        Map<String, Object> route = new LinkedHashMap<>();
        route.put("receiver", "failover-service");
        route.put("group_by", List.of("alertname", "component"));
        route.put("group_wait", "5s");
        route.put("group_interval", "30s");
        route.put("repeat_interval", "4h");
        route.put("routes", List.of(watchdog));

        Map<String, Object> basicAuth = new LinkedHashMap<>();
        basicAuth.put("username", webhook.user());
        basicAuth.put("password_file", webhook.passwordFile().toAbsolutePath().toString());
        Map<String, Object> hook = new LinkedHashMap<>();
        hook.put("url", webhook.url());
        hook.put("send_resolved", true);
        hook.put("http_config", Map.of("basic_auth", basicAuth));

        Map<String, Object> failover = new LinkedHashMap<>();
        failover.put("name", "failover-service");
        failover.put("webhook_configs", List.of(hook));

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("route", route);
        config.put("receivers", List.of(failover, Map.of("name", "watchdog")));
        return config;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }
}
