package org.efp.dr.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.jboss.logging.Logger;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller) running in this JVM, listening on
 * 127.0.0.1 only. Clients authenticate with SASL/SCRAM-SHA-512 (one principal per service, see {@link KafkaAccess}),
 * the {@code StandardAuthorizer} enforces the ACLs of {@link KafkaAccess}, and the controller listener takes only
 * the broker itself (SASL/PLAIN with a secret of its own). Passwords are made once per data directory, kept in
 * {@code credentials.properties} (mode 600) and never logged.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaBroker.class);
    /** The SASL mechanism of the client listener. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    private static final String CONTROLLER_USER = "dr-controller";
    /** Key of the TLS key store's password in the credentials file (not a principal). */
    private static final String TLS_STORE = "tls-keystore";
    private static final Map<String, KafkaBroker> RUNNING = new ConcurrentHashMap<>();
    /**
     * System property under which the JVM's first broker offers itself to other class loaders (a Quarkus test profile
     * runs in its own): Kafka registers its SASL servers once per JVM, so a second broker started from another class
     * loader cannot authenticate anyone. The value is {@code port|data directory} (a plain string: libraries copy
     * the system properties as strings); the passwords stay in the directory's private credentials file.
     */
    private static final String JVM_BROKER = "efp.dr.testkit.kafka-broker";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final int tlsPort;
    private Properties credentials;
    private KafkaRaftServer server;
    private boolean attached;

    public KafkaBroker(Path dataDir, int port, int controllerPort) {
        this(dataDir, port, controllerPort, 0);
    }

    /**
     * A broker that also listens with SASL_SSL on {@code tlsPort} (0: no TLS listener), with a self-signed
     * certificate for 127.0.0.1 made at start; clients trust it through {@link #tlsClientConfig(String)}.
     */
    public KafkaBroker(Path dataDir, int port, int controllerPort, int tlsPort) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.tlsPort = tlsPort;
    }

    /**
     * The broker another class loader of this JVM runs, if any; {@link #start()} and {@link #close()} of the
     * returned view do nothing, its owner stops it.
     */
    public static Optional<KafkaBroker> ofThisJvm() {
        String offered = System.getProperty(JVM_BROKER);
        int bar = offered == null ? -1 : offered.indexOf('|');
        if (bar < 0) {
            return Optional.empty();
        }
        Path dir = Path.of(offered.substring(bar + 1));
        KafkaBroker view = new KafkaBroker(dir, Integer.parseInt(offered.substring(0, bar)), 0, 0);
        view.attached = true;
        try (Reader in = Files.newBufferedReader(dir.resolve("credentials.properties"))) {
            view.credentials = new Properties();
            view.credentials.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kafka credentials in " + dir, e);
        }
        RUNNING.put(view.bootstrapServers(), view);
        return Optional.of(view);
    }

    /** The running kit broker at {@code bootstrapServers}, if this JVM started one there. */
    public static Optional<KafkaBroker> at(String bootstrapServers) {
        return Optional.ofNullable(RUNNING.get(bootstrapServers));
    }

    /** Formats the storage if it is new, starts the broker, and makes every principal's credentials and ACLs. */
    public KafkaBroker start() {
        if (attached) {
            return this;
        }
        try {
            Files.createDirectories(dataDir);
            Path credentialsFile = dataDir.resolve("credentials.properties");
            Path logs = dataDir.resolve("logs");
            if (!Files.exists(credentialsFile) && Files.exists(logs.resolve("meta.properties"))) {
                // Data of a broker from before authentication: its metadata has no admin credential to start from.
                LOG.warnf("Kafka data in %s has no credentials; formatting it again (its records are dropped)", logs);
                TestInfrastructure.delete(logs);
            }
            credentials = credentials(credentialsFile);
            if (tlsPort > 0) {
                BrokerCertificate.create(dataDir.resolve("tls"), credentials.getProperty(TLS_STORE));
            }
            Properties props = properties(logs);
            Path config = dataDir.resolve("server.properties");
            try (Writer out = Files.newBufferedWriter(config)) {
                props.store(out, "EFP DR local Kafka");
            }
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
            if (!Files.exists(logs.resolve("meta.properties"))) {
                format(config);
            }
            // Kafka ends the JVM on fatal errors; in a test JVM or the local stack that must be an exception instead.
            Exit.setExitProcedure((code, message) -> {
                throw new IllegalStateException("Kafka broker exit " + code + ": " + message);
            });
            Exit.setHaltProcedure((code, message) -> {
                throw new IllegalStateException("Kafka broker halt " + code + ": " + message);
            });
            server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
            server.startup();
            RUNNING.put(bootstrapServers(), this);
            grantAccess();
            System.getProperties().putIfAbsent(JVM_BROKER, offer());
            LOG.infof("Kafka broker up bootstrap=%s mechanism=%s principals=%d dir=%s", bootstrapServers(),
                    MECHANISM, KafkaAccess.principals().size(), dataDir);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka in " + dataDir, e);
        }
    }

    /** Each principal's password, made once (random, 24 bytes hex) and kept private to the owner. */
    private static Properties credentials(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                p.load(in);
            }
        }
        boolean added = false;
        SecureRandom random = new SecureRandom();
        List<String> names = new ArrayList<>(KafkaAccess.principals());
        names.add(CONTROLLER_USER);
        names.add(TLS_STORE);
        for (String name : names) {
            if (!p.containsKey(name)) {
                byte[] secret = new byte[24];
                random.nextBytes(secret);
                p.setProperty(name, HexFormat.of().formatHex(secret));
                added = true;
            }
        }
        if (added) {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer out = Files.newBufferedWriter(file)) {
                p.store(out, "Kafka principals of the local broker; private to the owner");
            }
        }
        return p;
    }

    private Properties properties(Path logs) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "SASL_PLAINTEXT");
        p.setProperty("sasl.enabled.mechanisms", MECHANISM);
        p.setProperty("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.setProperty("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                jaas("org.apache.kafka.common.security.scram.ScramLoginModule", KafkaAccess.ADMIN, ""));
        if (tlsPort > 0) {
            p.setProperty("listeners", p.getProperty("listeners") + ",SASL_SSL://127.0.0.1:" + tlsPort);
            p.setProperty("advertised.listeners", p.getProperty("advertised.listeners") + ",SASL_SSL://127.0.0.1:"
                    + tlsPort);
            p.setProperty("listener.security.protocol.map", p.getProperty("listener.security.protocol.map")
                    + ",SASL_SSL:SASL_SSL");
            p.setProperty("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            p.setProperty("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
            p.setProperty("listener.name.sasl_ssl.ssl.keystore.location",
                    BrokerCertificate.keyStore(dataDir.resolve("tls")).toString());
            p.setProperty("listener.name.sasl_ssl.ssl.keystore.password", credentials.getProperty(TLS_STORE));
        }
        p.setProperty("sasl.mechanism.controller.protocol", "PLAIN");
        p.setProperty("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.setProperty("listener.name.controller.plain.sasl.jaas.config",
                jaas("org.apache.kafka.common.security.plain.PlainLoginModule", CONTROLLER_USER,
                        " user_" + CONTROLLER_USER + "=\"" + credentials.getProperty(CONTROLLER_USER) + "\""));
        p.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.setProperty("super.users", "User:" + KafkaAccess.ADMIN + ";User:" + CONTROLLER_USER);
        p.setProperty("allow.everyone.if.no.acl.found", "false");
        p.setProperty("log.dirs", logs.toString());
        p.setProperty("num.partitions", "3");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.flush.interval.messages", "10000");
        return p;
    }

    private String jaas(String module, String user, String extra) {
        return module + " required username=\"" + user + "\" password=\"" + credentials.getProperty(user) + "\""
                + extra + ";";
    }

    private void format(Path config) {
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        // The admin's SCRAM credential goes into the metadata log at format time: the broker needs it before any
        // client can create the others.
        int rc = StorageTool.execute(
                new String[] {"format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted",
                    "--add-scram", MECHANISM + "=[name=" + KafkaAccess.ADMIN + ",password="
                            + credentials.getProperty(KafkaAccess.ADMIN) + "]"},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            String text = output.toString(StandardCharsets.UTF_8);
            for (String secret : credentials.stringPropertyNames()) {
                text = text.replace(credentials.getProperty(secret), "***");
            }
            throw new IllegalStateException("Kafka storage format failed: " + text);
        }
    }

    /** Creates (or refreshes) every principal's SCRAM credential and the ACLs of {@link KafkaAccess}. */
    private void grantAccess() {
        try (Admin admin = Admin.create(adminConfig())) {
            List<UserScramCredentialAlteration> users = KafkaAccess.GRANTS.keySet().stream()
                    .map(name -> (UserScramCredentialAlteration) new UserScramCredentialUpsertion(name,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                            credentials.getProperty(name)))
                    .toList();
            admin.alterUserScramCredentials(users).all().get();
            admin.createAcls(KafkaAccess.acls()).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot set up Kafka principals and ACLs: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates the topics that do not exist yet (partitions 3, replication 1), none compacted. */
    public void createTopics(Collection<String> names) {
        createTopics(names, List.of());
    }

    /**
     * Creates the topics that do not exist yet (partitions 3, replication 1); those in {@code compacted} keep the
     * latest record per key ({@code cleanup.policy=compact}).
     */
    public void createTopics(Collection<String> names, Collection<String> compacted) {
        try (Admin admin = Admin.create(adminConfig())) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = names.stream()
                    .filter(n -> !existing.contains(n))
                    .map(n -> {
                        NewTopic topic = new NewTopic(n, 3, (short) 1);
                        return compacted.contains(n) ? topic.configs(Map.of("cleanup.policy", "compact")) : topic;
                    })
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics " + names + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The bootstrap address clients use. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The password of {@code principal} (one of {@link KafkaAccess#principals()}). */
    public String password(String principal) {
        String password = credentials == null ? null : credentials.getProperty(principal);
        if (password == null || CONTROLLER_USER.equals(principal) || TLS_STORE.equals(principal)) {
            throw new IllegalArgumentException("no Kafka principal named " + principal);
        }
        return password;
    }

    /** Client settings (bootstrap, SASL) that authenticate as {@code principal}. */
    public Map<String, Object> clientConfig(String principal) {
        return clientConfig(bootstrapServers(), principal, password(principal));
    }

    /** Client settings of the kit's super user, for test clients and provisioning. */
    public Map<String, Object> adminConfig() {
        return clientConfig(KafkaAccess.ADMIN);
    }

    /** The super user's client settings plus {@code extra} (group id, acks, offsets…), for test clients. */
    public Map<String, Object> adminConfig(Map<String, ?> extra) {
        Map<String, Object> config = adminConfig();
        config.putAll(extra);
        return config;
    }

    private String offer() {
        return port + "|" + dataDir.toAbsolutePath();
    }

    /** Client settings that authenticate as {@code principal} over TLS (SASL_SSL), trusting this broker. */
    public Map<String, Object> tlsClientConfig(String principal) {
        if (tlsPort <= 0) {
            throw new IllegalStateException("this broker has no TLS listener");
        }
        Map<String, Object> config = clientConfig(principal);
        config.put("bootstrap.servers", "127.0.0.1:" + tlsPort);
        config.put("security.protocol", "SASL_SSL");
        config.put("ssl.truststore.type", "PEM");
        config.put("ssl.truststore.location", BrokerCertificate.certificate(dataDir.resolve("tls")).toString());
        return config;
    }

    /** The TLS bootstrap address, when the broker has a TLS listener. */
    public String tlsBootstrapServers() {
        return "127.0.0.1:" + tlsPort;
    }

    /** Client settings for SASL/SCRAM-SHA-512 over plaintext as {@code user}. */
    public static Map<String, Object> clientConfig(String bootstrapServers, String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", MECHANISM);
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return config;
    }

    @Override
    public void close() {
        if (attached) {
            RUNNING.remove(bootstrapServers(), this);
            return;
        }
        if (server != null) {
            RUNNING.remove(bootstrapServers(), this);
            System.getProperties().remove(JVM_BROKER, offer());
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }
}
