package org.efp.dr.testkit;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The local run's infrastructure process: starts Kafka, the state database, the energy_forecast primary and
 * standby, the S3 server and a Kubernetes API (fabric8's mock server) on fixed loopback ports, then the
 * surroundings ({@link LocalSurroundings}: mail server, cache, Prometheus, Alertmanager), writes their addresses to
 * {@code <home>/stack.env}, and runs until stopped. Data survives restarts under {@code <home>/data} (PostgreSQL's
 * where the postgres user can reach it, see {@link LocalDataPlace}). A start that fails stops what it started.
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : ".dr").toAbsolutePath();
        Path data = home.resolve("data");
        Files.createDirectories(data);
        Path infraRoot = LocalDataPlace.infrastructureRoot(home);
        Infrastructure.Layout layout = new Infrastructure.Layout(infraRoot,
                port("DR_KAFKA_PORT", 19092), port("DR_KAFKA_CONTROLLER_PORT", 19093),
                port("DR_STATE_DB_PORT", 15432), port("DR_PRIMARY_PORT", 15433), port("DR_STANDBY_PORT", 15434),
                port("DR_S3_PORT", 19000), true);
        List<AutoCloseable> started = new ArrayList<>();
        Map<String, String> config = new LinkedHashMap<>();
        Map<String, String> failover = new LinkedHashMap<>();
        Map<String, String> restore = new LinkedHashMap<>();
        try {
            String[] s3Keys = s3Credentials(home);
            Infrastructure infra = Infrastructure.start(layout, s3Keys[0], s3Keys[1]);
            started.add(infra);
            writeKafkaUsers(home.resolve("kafka-users.env"), infra.kafka());
            LocalKubernetes kubernetes = LocalKubernetes.start(port("DR_KUBERNETES_PORT", 16443));
            started.add(kubernetes);
            config.putAll(infra.serviceConfig());
            failover.putAll(failoverConfig(infra.primary(), infra.standby()));
            // Nothing else restarts a killed node here (in Kubernetes its pod does): the rejoin starts it again.
            failover.put("dr.failover.database.restart-down-nodes", "true");
            // The sample app's model group stands for the ml-models component: a lost live model is an outage.
            failover.put("dr.failover.probes.http.ml-models", "http://127.0.0.1:" + port("DR_SAMPLE_APP_PORT", 18090)
                    + "/q/health/group/model");
            restore.putAll(rebuildConfig(infraRoot, port("DR_REBUILD_PORT", 15435)));
            failover.putAll(regionConfig(home, port("DR_SAMPLE_APP_PORT", 18090), infra.primary().port(),
                    infra.standby().port(), port("DR_REBUILD_PORT", 15435)));
            // A primary rebuilt there is a node of this host like the others: failover-service fences, restarts and
            // rejoins it when it is lost in turn.
            failover.put("dr.failover.database.data-dirs.\"127.0.0.1:" + port("DR_REBUILD_PORT", 15435) + "\"",
                    restore.get("dr.restore.rebuild.data-dir"));
            startRebuiltNode(Path.of(restore.get("dr.restore.rebuild.data-dir")));
            config.putAll(kubernetes.serviceConfig());
            config.putAll(LocalSurroundings.start(home, data, List.of(infra.primary().port(), infra.standby().port(),
                    port("DR_REBUILD_PORT", 15435)), started));
        } catch (RuntimeException | java.io.IOException e) {
            System.err.println("FAILED: " + e.getMessage());
            e.printStackTrace();
            closeAll(started);
            LocalDataPlace.stopLeftoverPostgres(infraRoot);
            System.err.println("Everything this start had started is stopped. Fix the cause above and run ./dr up "
                    + "again (./dr down stops anything still left).");
            System.exit(1);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll(started);
            stopped.countDown();
        }, "dr-local-stack-stop"));
        writeProperties(home.resolve("failover-service.properties"), failover);
        writeProperties(home.resolve("restore-service.properties"), restore);
        writeEnv(home.resolve("stack.env"), config);
        System.out.println("READY " + home.resolve("stack.env"));
        stopped.await();
    }

    /** Closes in reverse order of starting; one that fails to close does not keep the others running. */
    private static void closeAll(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("could not stop " + started.get(i).getClass().getSimpleName() + ": "
                        + e.getMessage());
            }
        }
    }

    static int port(String env, int fallback) {
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    /** S3 credentials are made once per machine and kept private to the owner, never printed. */
    private static String[] s3Credentials(Path home) throws IOException {
        Path file = home.resolve("s3.credentials");
        if (!Files.exists(file)) {
            SecureRandom random = new SecureRandom();
            byte[] id = new byte[8];
            byte[] secret = new byte[24];
            random.nextBytes(id);
            random.nextBytes(secret);
            Files.writeString(file, "local-" + HexFormat.of().formatHex(id) + "\n" + HexFormat.of().formatHex(secret)
                    + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return Files.readString(file).strip().split("\n");
    }

    /**
     * Writes each Kafka principal's password (the services', operator's and alertmanager's) as
     * {@code DR_KAFKA_PASSWORD_<PRINCIPAL>}, private to the owner; ./dr hands each process only its own.
     */
    private static void writeKafkaUsers(Path file, KafkaBroker kafka) throws IOException {
        StringBuilder env = new StringBuilder("# Kafka principals of the local run (SCRAM-SHA-512); never print.\n");
        for (String principal : KafkaAccess.GRANTS.keySet()) {
            env.append("DR_KAFKA_PASSWORD_").append(principal.toUpperCase().replaceAll("[^A-Z0-9]", "_"))
                    .append("='").append(kafka.password(principal)).append("'\n");
        }
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, env.toString());
    }

    /**
     * failover-service's settings that environment variables cannot carry (map keys with quotes and colons): where
     * this host keeps the energy_forecast nodes' data directories, so fencing on disk and rejoining work locally.
     */
    static Map<String, String> failoverConfig(PostgresServer... nodes) {
        Map<String, String> config = new LinkedHashMap<>();
        for (PostgresServer node : nodes) {
            config.put("dr.failover.database.data-dirs.\"127.0.0.1:" + node.port() + "\"", node.dataDir().toString());
        }
        return config;
    }

    /** The local run's DNS record clients resolve, in {@link #DNS_ZONE}. */
    public static final String DNS_RECORD = "api.efp.local";
    /** Where {@link #DNS_RECORD} points while the primary region serves. */
    public static final String PRIMARY_TARGET = "ingress.efp.local";
    /** Where it points after a region failover. */
    public static final String BACKUP_TARGET = "ingress.efp-backup.local";
    /** The local run's DNS zone file, under DR_HOME. */
    public static final String DNS_ZONE = "dns-zone.properties";

    /**
     * Region failover in the local run. The regions are Kubernetes namespaces of the local API server ({@code efp},
     * {@code efp-backup}); DNS is a zone file under DR_HOME. The primary region is down when its ingress has no
     * replica available. Its database is the platform's (the database failover promotes it, fenced, with the
     * connection strings switched), so promote-read-replicas waits for a writable primary on any node. The sample
     * app stands for the API in both regions: it follows the writable primary.
     */
    public static Map<String, String> regionConfig(Path home, int appPort, int... databasePorts) throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        String app = "http://127.0.0.1:" + appPort;
        config.put("dr.failover.region.backup-region", LocalKubernetes.BACKUP_NAMESPACE);
        config.put("dr.failover.region.primary-checks", "kubernetes:" + LocalKubernetes.NAMESPACE
                + "/ingress-controller");
        StringBuilder nodes = new StringBuilder();
        for (int port : databasePorts) {
            nodes.append(nodes.length() == 0 ? "" : ",").append("jdbc:postgresql://127.0.0.1:").append(port)
                    .append("/energy_forecast");
        }
        config.put("dr.failover.region.health-checks", app + "/q/health/live");
        config.put("dr.failover.region.await-primary", nodes.toString());
        config.put("dr.failover.region.namespace", LocalKubernetes.BACKUP_NAMESPACE);
        config.put("dr.failover.region.deployments", String.join(",", LocalKubernetes.BACKUP_DEPLOYMENTS));
        config.put("dr.failover.region.replicas", "2");
        config.put("dr.failover.region.verify-checks", app + "/q/health/ready,kubernetes:"
                + LocalKubernetes.BACKUP_NAMESPACE + "/ingress-controller");
        Path zone = home.resolve(DNS_ZONE);
        config.put("dr.failover.region.dns.provider", "file");
        config.put("%prod.dr.failover.region.dns.provider", "file");
        config.put("dr.failover.region.dns.file", zone.toString());
        config.put("dr.failover.region.dns.record", DNS_RECORD);
        config.put("dr.failover.region.dns.backup-target", BACKUP_TARGET);
        if (!Files.exists(zone)) {
            Files.writeString(zone, "# DNS records of the local run (record=target)\n" + DNS_RECORD + "="
                    + PRIMARY_TARGET + "\n");
        }
        return config;
    }

    /**
     * restore-service's spare node for a DATABASE_REBUILD (a primary lost with no standby): a data directory next to
     * the local run's PostgreSQL servers (so ./dr down stops a rebuilt primary with them) and its own port.
     */
    static Map<String, String> rebuildConfig(Path infraRoot, int port) {
        Path home = OsCommand.ownedDirectory(infraRoot.resolve("energy-rebuild"));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("dr.restore.rebuild.data-dir", home.resolve("data").toString());
        config.put("dr.restore.rebuild.port", String.valueOf(port));
        return config;
    }

    /**
     * A primary an earlier run rebuilt on the spare (or a standby cloned there) is a node like the others: it starts
     * with them, so the cluster is found as it was left (else its standbys would follow a primary nobody started).
     */
    static void startRebuiltNode(Path dataDir) {
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            return;
        }
        try {
            OsCommand.postgres(dataDir.getParent(), "pg_ctl", "-D", dataDir.toString(), "-l",
                    dataDir.getParent().resolve("postgres.log").toString(), "-w", "-t", "60", "start");
            System.err.println("started the node rebuilt earlier on " + dataDir);
        } catch (RuntimeException e) {
            // Already running, or fenced on purpose: failover-service's topology says what it is.
            System.err.println("the node on " + dataDir + " did not start: " + e.getMessage());
        }
    }

    /** A properties file (keys escaped as {@link Properties} reads them), given to a service as a config location. */
    static void writeProperties(Path file, Map<String, String> config) throws IOException {
        Properties properties = new Properties();
        properties.putAll(config);
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "Written by the local stack; ./dr up gives it to the service "
                    + "(QUARKUS_CONFIG_LOCATIONS).");
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** Writes the service settings as environment variables (MicroProfile Config's naming). */
    private static void writeEnv(Path file, Map<String, String> config) throws IOException {
        StringBuilder env = new StringBuilder("# Written by the local stack; sourced by ./dr when it starts services.\n");
        config.forEach((key, value) -> env.append(key.toUpperCase().replaceAll("[^A-Z0-9]", "_"))
                .append("='").append(value).append("'\n"));
        Files.writeString(file, env.toString());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
