package org.efp.dr.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Where the local run keeps Kafka's, PostgreSQL's and S3's data. PostgreSQL runs as the {@code postgres} user,
 * which must be able to reach its data directory: when it can traverse the checkout, the data stays in
 * {@code <home>/data}; when it cannot (a clone under {@code /root}, a {@code mktemp -d} directory) the data goes to
 * {@code /var/tmp/efp-dr-<hash of home>/data} (or under {@code DR_DATA_FALLBACK_DIR}), whose top directory only
 * lets others pass through. The choice is written to {@code <home>/infra.root} so {@code ./dr down} and
 * {@code ./dr clean} find it.
 */
final class LocalDataPlace {

    private LocalDataPlace() {
    }

    static Path infrastructureRoot(Path home) throws IOException {
        Path data = home.resolve("data");
        Path root = data;
        if (!OsCommand.usable(data)) {
            String base = System.getenv().getOrDefault("DR_DATA_FALLBACK_DIR", "/var/tmp");
            Path top = Path.of(base).toAbsolutePath().resolve("efp-dr-" + hash(home));
            Files.createDirectories(top);
            Files.setPosixFilePermissions(top, PosixFilePermissions.fromString("rwx--x--x"));
            root = Files.createDirectories(top.resolve("data"));
            if (!OsCommand.usable(root)) {
                throw new IllegalStateException("the postgres user can reach neither " + data + " nor " + root
                        + ": set DR_DATA_FALLBACK_DIR to a directory it can traverse");
            }
            System.out.println("postgres cannot reach " + data + "; keeping the databases' data in " + root);
        }
        Files.writeString(home.resolve("infra.root"), root + "\n");
        return root;
    }

    private static String hash(Path home) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(home.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops every PostgreSQL server still running on a data directory under {@code root}. */
    static void stopLeftoverPostgres(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                Path dataDir = dir.resolve("data");
                if (Files.exists(dataDir.resolve("postmaster.pid"))) {
                    try {
                        OsCommand.postgres(dir, "pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60",
                                "stop");
                        System.err.println("stopped PostgreSQL on " + dataDir);
                    } catch (RuntimeException e) {
                        System.err.println("could not stop PostgreSQL on " + dataDir + ": " + e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }
}
