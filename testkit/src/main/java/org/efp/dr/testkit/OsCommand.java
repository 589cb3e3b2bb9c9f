package org.efp.dr.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the machine's PostgreSQL programs. PostgreSQL refuses to run as root, so when this JVM is root the
 * commands run as the {@code postgres} user and the directories they own are handed over to it.
 */
public final class OsCommand {

    private static final String SERVICE_USER = "postgres";
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private OsCommand() {
    }

    /** Whether commands are re-run as the postgres user. */
    public static boolean asServiceUser() {
        return ROOT;
    }

    /** The directory holding initdb, pg_ctl, pg_basebackup and friends. */
    public static Path postgresBin() {
        String configured = System.getenv("DR_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path base = Path.of("/usr/lib/postgresql");
        try (var versions = Files.list(base)) {
            return versions.filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
                    .max((a, b) -> Integer.compare(version(a), version(b)))
                    .map(p -> p.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException(
                            "no PostgreSQL server binaries under " + base + ": install postgresql or set DR_PG_BIN"));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no PostgreSQL server binaries under " + base + ": install postgresql or set DR_PG_BIN", e);
        }
    }

    private static int version(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Creates a directory the server user can own and write. */
    public static Path ownedDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            if (ROOT) {
                run(List.of("chown", "-R", SERVICE_USER + ":" + SERVICE_USER, dir.toString()), false, dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Whether the server user can reach and write into {@code dir}. */
    public static boolean usable(Path dir) {
        if (!ROOT) {
            return true;
        }
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder("runuser", "-u", SERVICE_USER, "--", "test", "-x", dir.toString())
                    .redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a PostgreSQL program as the service user; fails with its output when it exits non-zero. */
    public static String postgres(Path workDir, String program, String... args) {
        List<String> command = new ArrayList<>();
        command.add(postgresBin().resolve(program).toString());
        command.addAll(List.of(args));
        return run(command, true, workDir);
    }

    static String run(List<String> command, boolean asServiceUser, Path workDir) {
        List<String> full = new ArrayList<>();
        if (asServiceUser && ROOT) {
            full.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
        }
        full.addAll(command);
        try {
            ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
            if (workDir != null && Files.isDirectory(workDir)) {
                builder.directory(workDir.toFile());
            }
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", full));
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "command failed (exit " + process.exitValue() + "): " + String.join(" ", full) + "\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", full), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", full), e);
        }
    }
}
