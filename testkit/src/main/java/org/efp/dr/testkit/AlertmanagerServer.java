package org.efp.dr.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.jboss.logging.Logger;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}) on 127.0.0.1 with clustering off, routing as
 * the platform ships it ({@code deploy/alertmanager/alertmanager.yml}: every alert but the Watchdog to
 * failover-service's {@code /api/v1/alerts/alertmanager}; group_wait 5 s, group_interval 30 s, repeat_interval
 * 4 h) with the webhook pointed at a local address. HTTP Basic authentication reads its password from a file,
 * never written into the configuration.
 */
public final class AlertmanagerServer extends LocalServer {

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

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path home;
    private final int port;
    private final Webhook webhook;
    private final Path routing;

    /** An Alertmanager with the routing of {@code routing} (see {@link #platformRouting(Path)}). */
    public AlertmanagerServer(Path home, int port, Webhook webhook, Path routing) {
        this.home = home.toAbsolutePath();
        this.port = port;
        this.webhook = webhook;
        this.routing = routing;
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

    /** The platform's routing in a checkout: {@code deploy/alertmanager/alertmanager.yml} under {@code root}. */
    public static Path platformRouting(Path root) {
        Path file = root.resolve("deploy/alertmanager/alertmanager.yml").toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the platform's Alertmanager routing is missing: " + file);
        }
        return file;
    }

    /**
     * Writes {@code alertmanager.yml} into the server's directory: the platform's routing file with every webhook
     * pointed at {@link Webhook#url()} and authenticated as {@link Webhook#user()} with the password file; routes,
     * grouping and timing stay exactly as the file has them.
     */
    Path writeConfig() {
        try {
            JsonNode tree = YAML.readTree(routing.toFile());
            if (!(tree instanceof ObjectNode config) || !config.path("receivers").isArray()) {
                throw new IllegalStateException(routing + " has no receivers");
            }
            int hooks = 0;
            for (JsonNode receiver : config.path("receivers")) {
                for (JsonNode hook : receiver.path("webhook_configs")) {
                    ObjectNode webhookConfig = (ObjectNode) hook;
                    webhookConfig.put("url", webhook.url());
                    ObjectNode basicAuth = webhookConfig.putObject("http_config").putObject("basic_auth");
                    basicAuth.put("username", webhook.user());
                    basicAuth.put("password_file", webhook.passwordFile().toAbsolutePath().toString());
                    hooks++;
                }
            }
            if (hooks == 0) {
                throw new IllegalStateException(routing + " has no webhook receiver to point at " + webhook.url());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> content = YAML.convertValue(config, Map.class);
            return YamlFiles.write(home.resolve("alertmanager.yml"),
                    "Written by the EFP DR test kit: the platform's routing with local addresses", content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + routing, e);
        }
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
}
