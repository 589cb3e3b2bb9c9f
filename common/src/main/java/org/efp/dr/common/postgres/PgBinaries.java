package org.efp.dr.common.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;

/** Where the machine's PostgreSQL programs are: the newest version under /usr/lib/postgresql that has them. */
public final class PgBinaries {

    private static final Path BASE = Path.of("/usr/lib/postgresql");

    private PgBinaries() {
    }

    /** The bin directory of the newest installed version that has {@code program}; empty: use PATH. */
    public static Optional<Path> newestWith(String program) {
        try (var versions = Files.list(BASE)) {
            return versions.filter(p -> Files.isExecutable(p.resolve("bin").resolve(program)))
                    .max(Comparator.comparingInt(PgBinaries::major))
                    .map(p -> p.resolve("bin"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int major(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
