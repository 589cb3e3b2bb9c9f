package org.efp.dr.testkit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

/**
 * The platform's real dependencies on loopback: Kafka, the state database, the energy_forecast primary with a
 * streaming standby, and an S3 server. Used by the test kit and by the local run alike.
 */
public final class Infrastructure implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Infrastructure.class);

    /** The database every service keeps its own schema in. */
    public static final String STATE_DATABASE = "dr_state";
    /** The protected platform's main database. */
    public static final String ENERGY_FORECAST = "energy_forecast";
    /** The protected platform's time-series database. */
    public static final String TIMESERIES = "timeseries";
    /** The bucket backups go to. */
    public static final String BUCKET = "efp-dr-backups";

    /**
     * The platform's topics, created up front so consumers never join a topic that appears later (which forces a
     * rebalance mid-run). Must equal common's {@code Topics.ALL}; a test in common checks it.
     */
    public static final List<String> TOPICS = List.of("dr.commands", "dr.backups", "dr.incidents", "dr.recoveries",
            "dr.drills", "dr.notifications", "dr.metrics", "dr.topology", "dr.dead-letter");

    /** Topics kept by key (the latest record per key is the state); must equal common's {@code Topics.COMPACTED}. */
    public static final List<String> COMPACTED_TOPICS = List.of("dr.topology");

    /** Where everything lives and listens. */
    public record Layout(Path root, int kafkaPort, int kafkaControllerPort, int stateDbPort, int primaryPort,
            int standbyPort, int s3Port, boolean durable) {

        /** Fresh free ports under {@code root}, for a test run. */
        public static Layout ephemeral(Path root) {
            return new Layout(root, Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(),
                    Ports.free(), false);
        }
    }

    private final Layout layout;
    private final KafkaBroker kafka;
    private final PostgresServer stateDb;
    private final PostgresServer primary;
    private final PostgresServer standby;
    private final S3Server s3;

    private Infrastructure(Layout layout, String s3AccessKey, String s3SecretKey) {
        this.layout = layout;
        Path root = layout.root();
        // One broker per JVM: a test profile's class loader uses the one the first loader started.
        this.kafka = layout.durable() ? new KafkaBroker(root.resolve("kafka"), layout.kafkaPort(),
                layout.kafkaControllerPort()) : KafkaBroker.ofThisJvm().orElseGet(() -> new KafkaBroker(
                        root.resolve("kafka"), layout.kafkaPort(), layout.kafkaControllerPort()));
        this.stateDb = PostgresServer.primary("state-db", root.resolve("state-db"), layout.stateDbPort(),
                layout.durable());
        this.primary = PostgresServer.primary("energy-primary", root.resolve("energy-primary"),
                layout.primaryPort(), layout.durable());
        this.s3 = new S3Server(root.resolve("s3"), layout.s3Port(), s3AccessKey, s3SecretKey);
        this.standby = startDatabases();
    }

    private PostgresServer startDatabases() {
        stateDb.start().createDatabase(STATE_DATABASE);
        primary.start();
        SampleData.seed(primary);
        return PostgresServer.standbyOf(primary, "energy-standby", layout.root().resolve("energy-standby"),
                layout.standbyPort()).start();
    }

    /** Starts every part; parts whose data already exists are reused. */
    public static Infrastructure start(Layout layout, String s3AccessKey, String s3SecretKey) {
        long t0 = System.nanoTime();
        Infrastructure infra = new Infrastructure(layout, s3AccessKey, s3SecretKey);
        infra.kafka.start();
        infra.kafka.createTopics(TOPICS, COMPACTED_TOPICS);
        infra.s3.start();
        LOG.infof("infrastructure up in %d ms root=%s", (System.nanoTime() - t0) / 1_000_000, layout.root());
        return infra;
    }

    /** The settings a service needs to reach this infrastructure, as MicroProfile Config keys. */
    public Map<String, String> serviceConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("quarkus.datasource.jdbc.url", stateDb.jdbcUrl(STATE_DATABASE));
        config.put("quarkus.datasource.username", PostgresServer.USER);
        config.put("dr.s3.endpoint", s3.endpoint());
        config.put("dr.s3.access-key", s3.accessKey());
        config.put("dr.s3.secret-key", s3.secretKey());
        config.put("dr.s3.bucket", BUCKET);
        config.put("dr.energy-forecast.primary-url", primary.jdbcUrl(ENERGY_FORECAST));
        config.put("dr.energy-forecast.standby-url", standby.jdbcUrl(ENERGY_FORECAST));
        config.put("dr.energy-forecast.timeseries-url", primary.jdbcUrl(TIMESERIES));
        config.put("dr.energy-forecast.user", PostgresServer.USER);
        return config;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public PostgresServer stateDb() {
        return stateDb;
    }

    public PostgresServer primary() {
        return primary;
    }

    public PostgresServer standby() {
        return standby;
    }

    public S3Server s3() {
        return s3;
    }

    public Layout layout() {
        return layout;
    }

    @Override
    public void close() {
        kafka.close();
        s3.close();
        standby.close();
        primary.close();
        stateDb.close();
    }
}
