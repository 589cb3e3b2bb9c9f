package org.efp.dr.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The local run's infrastructure process ({@code ./dr up}) from a checkout the postgres user cannot traverse, and a
 * start that fails half-way: it must say what failed and leave nothing running.
 */
class LocalStackIT {

    private final Path base = Path.of("target", "local-stack-it", UUID.randomUUID().toString()).toAbsolutePath();

    @AfterEach
    void clean() throws IOException {
        if (Files.exists(base.resolve("locked"))) {
            Files.setPosixFilePermissions(base.resolve("locked"), PosixFilePermissions.fromString("rwx------"));
        }
        TestInfrastructure.delete(base);
    }

    @Test
    void aStartThatFailsStopsEverythingItStartedAndSaysWhatToDo() throws Exception {
        // Given: a home inside a directory only its owner may enter, and Prometheus's port already taken
        Path locked = Files.createDirectories(base.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        Path home = Files.createDirectories(locked.resolve("home"));
        Files.writeString(home.resolve("alertmanager.password"), "local-test-password\n");
        Path fallback = Files.createDirectories(base.resolve("fallback"));
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        for (String name : List.of("DR_KAFKA_PORT", "DR_KAFKA_CONTROLLER_PORT", "DR_STATE_DB_PORT", "DR_PRIMARY_PORT",
                "DR_STANDBY_PORT", "DR_S3_PORT", "DR_KUBERNETES_PORT", "DR_MAIL_SMTP_PORT", "DR_MAIL_IMAP_PORT",
                "DR_MAIL_API_PORT", "DR_REDIS_PORT", "DR_ALERTMANAGER_PORT", "DR_POSTGRES_EXPORTER_PORT")) {
            ports.put(name, Ports.free());
        }
        String output;
        int exit;
        try (ServerSocket taken = new ServerSocket(Ports.free(), 1, InetAddress.getLoopbackAddress())) {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx512m", "-cp", classPath(), LocalStack.class.getName(), home.toString())
                    .redirectErrorStream(true);
            ports.forEach((k, v) -> builder.environment().put(k, String.valueOf(v)));
            builder.environment().put("DR_PROMETHEUS_PORT", String.valueOf(taken.getLocalPort()));
            builder.environment().put("DR_ROOT", Path.of("..").toAbsolutePath().normalize().toString());
            builder.environment().put("DR_DATA_FALLBACK_DIR", fallback.toString());

            // When
            Process stack = builder.start();
            stack.getOutputStream().close();
            byte[] out = stack.getInputStream().readAllBytes();
            assertThat(stack.waitFor(4, TimeUnit.MINUTES)).isTrue();
            output = new String(out, StandardCharsets.UTF_8);
            exit = stack.exitValue();
        }

        // Then: it failed, said why and what to do, and wrote no stack.env
        assertThat(exit).as(output).isEqualTo(1);
        assertThat(output).contains("FAILED: prometheus exited")
                .contains("Everything this start had started is stopped");
        assertThat(home.resolve("stack.env")).doesNotExist();
        // the databases' data went where the postgres user can reach it
        Path root = Path.of(Files.readString(home.resolve("infra.root")).strip());
        if (OsCommand.asServiceUser()) {
            assertThat(root).startsWith(fallback);
            assertThat(output).contains("postgres cannot reach " + home.resolve("data"));
        }
        assertThat(root.resolve("state-db/data/PG_VERSION")).exists();
        // and nothing it had started still runs
        try (Stream<Path> dirs = Files.list(root)) {
            assertThat(dirs.map(d -> d.resolve("data/postmaster.pid"))).noneMatch(Files::exists);
        }
        assertThat(ports.values()).noneMatch(Ports::listening);
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
