package org.efp.dr.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * One {@link Infrastructure} per test JVM (per class loader: a Quarkus test profile gets its own), on free loopback ports, with its data under the module's
 * {@code target/} (or the temp directory when the postgres user cannot reach it), removed at JVM exit.
 */
public final class TestInfrastructure {

    private static final Logger LOG = Logger.getLogger(TestInfrastructure.class);
    private static Infrastructure shared;

    private TestInfrastructure() {
    }

    /** The running infrastructure, started on first use. */
    public static synchronized Infrastructure shared() {
        if (shared == null) {
            Path root = runDirectory();
            Infrastructure infra = Infrastructure.start(Infrastructure.Layout.ephemeral(root),
                    "test-" + UUID.randomUUID().toString().substring(0, 8), UUID.randomUUID().toString());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                infra.close();
                delete(root);
            }, "dr-test-infrastructure-stop"));
            shared = infra;
        }
        return shared;
    }

    private static Path runDirectory() {
        // A test profile restarts Quarkus in a new class loader with its own copy of this class, hence its own
        // infrastructure: each copy gets its own directory.
        String name = "run-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(System.identityHashCode(TestInfrastructure.class));
        Path underTarget = Path.of("target", "dr-infra").toAbsolutePath().resolve(name);
        if (OsCommand.usable(underTarget.getParent())) {
            return underTarget;
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "efp-dr-infra", name);
        LOG.infof("postgres user cannot reach %s; using %s", underTarget, tmp);
        return tmp;
    }

    static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("could not remove %s: %s", root, e.getMessage());
        }
    }
}
