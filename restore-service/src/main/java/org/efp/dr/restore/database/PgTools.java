package org.efp.dr.restore.database;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.postgres.PgBinaries;
import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.config.RestoreSettings;

/**
 * Runs the PostgreSQL programs. The server programs (pg_ctl, postgres) refuse to run as root, so when this JVM is
 * root they run as the {@code postgres} user through runuser, on directories handed over to that user.
 */
@ApplicationScoped
public class PgTools {

    static final String SERVER_USER = "postgres";
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path bin;

    public PgTools(RestoreSettings settings) {
        this.bin = settings.restore().pgBin().or(() -> PgBinaries.newestWith("pg_restore")).orElse(null);
    }

    public String program(String name) {
        return bin == null ? name : bin.resolve(name).toString();
    }

    /** Runs a client program as this process's user; a non-zero exit is a RESTORE_FAILED with its output. */
    public String client(String name, List<String> args, Map<String, String> env, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(program(name));
        command.addAll(args);
        return run(command, env, timeout);
    }

    /** Runs a server program (pg_ctl) as the server user. */
    public String server(String name, List<String> args, Duration timeout) {
        List<String> command = new ArrayList<>();
        if (ROOT) {
            command.addAll(List.of("runuser", "-u", SERVER_USER, "--"));
        }
        command.add(program(name));
        command.addAll(args);
        return run(command, Map.of(), timeout);
    }

    /** Hands {@code dir} (recursively) to the server user when this JVM runs as root. */
    public void handOver(Path dir) {
        if (ROOT) {
            run(List.of("chown", "-R", SERVER_USER + ":" + SERVER_USER, dir.toString()), Map.of(),
                    Duration.ofMinutes(5));
        }
    }

    static String run(List<String> command, Map<String, String> env, Duration timeout) {
        String name = Path.of(command.get(ROOT && command.get(0).equals("runuser") ? 4 : 0)).getFileName().toString();
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    in.transferTo(output);
                } catch (IOException e) {
                    // the process is gone
                }
            }, name + "-output");
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new RestoreException(RestoreException.Reason.RESTORE_FAILED, name + " timed out after "
                        + timeout);
            }
            reader.join(5_000);
            String text = output.toString(StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                String tail = text.length() > 2000 ? text.substring(text.length() - 2000) : text;
                throw new RestoreException(RestoreException.Reason.RESTORE_FAILED,
                        name + " exited with " + process.exitValue() + ": " + tail);
            }
            return text;
        } catch (IOException e) {
            throw new RestoreException(RestoreException.Reason.RESTORE_FAILED, "cannot run " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreException(RestoreException.Reason.INTERRUPTED, name + " interrupted", e);
        }
    }
}
