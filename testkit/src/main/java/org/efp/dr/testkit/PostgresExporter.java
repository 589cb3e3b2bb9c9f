package org.efp.dr.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

/**
 * A real PostgreSQL exporter (Debian's {@code prometheus-postgres-exporter}) on 127.0.0.1 beside one database
 * server, as the Kubernetes bundle runs it as a sidecar: Prometheus scrapes its {@code /metrics}, where
 * {@code pg_up} is 0 while the server does not answer. The connection string goes in its environment, never on its
 * command line.
 */
public final class PostgresExporter extends LocalServer {

    /** The scrape job of the energy_forecast nodes' exporters, as the alert rules name it. */
    public static final String JOB = "energy-forecast-db";

    private static final Logger LOG = Logger.getLogger(PostgresExporter.class);

    private final Path home;
    private final int port;
    private final int serverPort;
    private final String user;
    private final Path queries;

    /** An exporter of the server on {@code serverPort} with the platform's extra queries found under {@code root}. */
    public PostgresExporter(Path home, int port, int serverPort, String user, Path root) {
        if (user == null || !user.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database user must be a plain lower-case name, got " + user);
        }
        this.home = home.toAbsolutePath();
        this.port = port;
        this.serverPort = serverPort;
        this.user = user;
        this.queries = platformQueries(root);
    }

    /** The platform's extra exporter queries in a checkout (the node's role). */
    public static Path platformQueries(Path root) {
        Path file = root.resolve("deploy/prometheus/postgres-exporter/queries.yaml").toAbsolutePath().normalize();
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalStateException("the exporter's queries are missing: " + file);
        }
        return file;
    }

    /** Starts the exporter and waits until it serves {@code /metrics}. */
    public PostgresExporter start() {
        process = ServerProcess.start("postgres-exporter", home, List.of(
                ServerProcess.program("DR_POSTGRES_EXPORTER_BIN", "prometheus-postgres-exporter"),
                "--web.listen-address=127.0.0.1:" + port,
                "--disable-settings-metrics",
                "--extend.query-path=" + queries,
                "--log.level=warn"),
                Map.of("DATA_SOURCE_NAME", "postgresql://" + user + "@127.0.0.1:" + serverPort
                        + "/postgres?sslmode=disable&connect_timeout=2"));
        process.awaitReady(Duration.ofSeconds(30), () -> ServerProcess.answers(url() + "/metrics"));
        LOG.infof("PostgreSQL exporter up url=%s server=127.0.0.1:%d", url(), serverPort);
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Where Prometheus scrapes it. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** The database server it watches, as the topology names it; Prometheus labels the scrape with it. */
    public String server() {
        return "127.0.0.1:" + serverPort;
    }
}
