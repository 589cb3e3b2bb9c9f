package org.efp.dr.restore.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The served model version is the {@code current} symlink; switching renames a new link over it (atomic on
 * POSIX), so readers see the old version or the new one, never a half-restored one. The version it replaced
 * stays reachable as {@code previous} for rollback.
 */
public final class ModelSwitch {

    public static final String CURRENT = "current";
    public static final String PREVIOUS = "previous";

    private ModelSwitch() {
    }

    /** Points {@code current} at {@code version}; returns the version it pointed at before. */
    public static Optional<Path> switchTo(Path modelsDir, Path version) throws IOException {
        Path current = modelsDir.resolve(CURRENT);
        Optional<Path> before = target(current);
        if (before.isPresent()) {
            relink(modelsDir, PREVIOUS, before.get());
        }
        relink(modelsDir, CURRENT, modelsDir.relativize(version));
        return before;
    }

    /** Points {@code current} back at {@code previous}. */
    public static Path rollback(Path modelsDir) throws IOException {
        Path previous = target(modelsDir.resolve(PREVIOUS))
                .orElseThrow(() -> new IOException("no previous model version to roll back to"));
        relink(modelsDir, CURRENT, previous);
        return modelsDir.resolve(previous);
    }

    public static Optional<Path> target(Path link) throws IOException {
        return Files.isSymbolicLink(link) ? Optional.of(Files.readSymbolicLink(link)) : Optional.empty();
    }

    private static void relink(Path modelsDir, String name, Path target) throws IOException {
        Path tmp = modelsDir.resolve("." + name + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Files.createSymbolicLink(tmp, target);
        try {
            Files.move(tmp, modelsDir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (!Files.isSymbolicLink(modelsDir.resolve(name))) {
            throw new IOException(modelsDir.resolve(name) + " is not a link");
        }
    }
}
