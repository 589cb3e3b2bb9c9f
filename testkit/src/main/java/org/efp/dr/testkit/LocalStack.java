package org.efp.dr.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        try {
            String[] s3Keys = s3Credentials(home);
            Infrastructure infra = Infrastructure.start(layout, s3Keys[0], s3Keys[1]);
            started.add(infra);
            LocalKubernetes kubernetes = LocalKubernetes.start(port("DR_KUBERNETES_PORT", 16443));
            started.add(kubernetes);
            config.putAll(infra.serviceConfig());
            config.putAll(kubernetes.serviceConfig());
            config.putAll(LocalSurroundings.start(home, data, started));
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

    /** Writes the service settings as environment variables (MicroProfile Config's naming). */
    private static void writeEnv(Path file, Map<String, String> config) throws IOException {
        StringBuilder env = new StringBuilder("# Written by the local stack; sourced by ./dr when it starts services.\n");
        config.forEach((key, value) -> env.append(key.toUpperCase().replaceAll("[^A-Z0-9]", "_"))
                .append("='").append(value).append("'\n"));
        Files.writeString(file, env.toString());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
