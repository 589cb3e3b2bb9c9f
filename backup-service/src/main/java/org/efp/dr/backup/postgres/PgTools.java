package org.efp.dr.backup.postgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.common.postgres.PgBinaries;

/**
 * Finds and starts the PostgreSQL client programs (pg_dump, pg_basebackup, pg_receivewal). Every program gives up
 * connecting after {@value #CONNECT_TIMEOUT_SECONDS} s; the one-shot programs are killed after
 * {@code dr.backup.process-timeout}.
 */
@ApplicationScoped
public class PgTools {

    static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pg-tools-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final Path bin;
    private final Duration limit;

    @Inject
    public PgTools(BackupSettings settings) {
        this.bin = settings.backup().pgBin().or(() -> PgBinaries.newestWith("pg_dump")).orElse(null);
        this.limit = settings.backup().processTimeout();
    }

    PgTools(Path bin, Duration limit) {
        this.bin = bin;
        this.limit = limit;
    }

    /** The program's path (or bare name, found on PATH). */
    public String program(String name) {
        return bin == null ? name : bin.resolve(name).toString();
    }

    /**
     * Starts a one-shot program against {@code target}, killed when it runs longer than the process timeout; stdout is
     * for the caller, stderr is collected by {@link Run}.
     */
    public Run start(String name, PgTarget target, List<String> args) throws IOException {
        return start(name, target, args, limit);
    }

    /** Starts a program meant to run until stopped (pg_receivewal): no time limit but the connect timeout. */
    public Run startLongRunning(String name, PgTarget target, List<String> args) throws IOException {
        return start(name, target, args, null);
    }

    private Run start(String name, PgTarget target, List<String> args, Duration timeout) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(program(name));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (target.password() != null) {
            builder.environment().put("PGPASSWORD", target.password());
        }
        builder.environment().put("PGAPPNAME", "efp-dr-backup");
        builder.environment().put("PGCONNECT_TIMEOUT", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        Run run = new Run(name, builder.start());
        if (timeout != null) {
            run.limit(timeout);
        }
        return run;
    }

    /** {@code name --version}, e.g. "pg_dump (PostgreSQL) 15.18". */
    public String version(String name) {
        try {
            Process p = new ProcessBuilder(program(name), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** A running client program whose standard error is kept (the tail) for error messages. */
    public static final class Run {
        private final String name;
        private final Process process;
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        private final Thread stderrReader;
        private volatile Duration timedOutAfter;

        Run(String name, Process process) {
            this.name = name;
            this.process = process;
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // no input to give it anyway
            }
            this.stderrReader = new Thread(() -> {
                try (InputStream err = process.getErrorStream()) {
                    err.transferTo(stderr);
                } catch (IOException e) {
                    // the process is gone
                }
            }, name + "-stderr");
            stderrReader.setDaemon(true);
            stderrReader.start();
        }

        public Process process() {
            return process;
        }

        void limit(Duration timeout) {
            ScheduledFuture<?> kill = WATCHDOG.schedule(() -> {
                if (process.isAlive()) {
                    timedOutAfter = timeout;
                    process.destroyForcibly();
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            process.onExit().thenRun(() -> kill.cancel(false));
        }

        public InputStream stdout() {
            return process.getInputStream();
        }

        /** Waits for the exit; a non-zero exit is an IOException carrying the program's error output. */
        public void awaitSuccess() throws IOException {
            try {
                int rc = process.waitFor();
                stderrReader.join(5_000);
                if (timedOutAfter != null) {
                    throw new IOException(name + " killed: still running after " + timedOutAfter + " (process timeout)");
                }
                if (rc != 0) {
                    throw new IOException(name + " exited with " + rc + ": " + errorText());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IOException(name + " interrupted", e);
            }
        }

        public String errorText() {
            String text;
            synchronized (stderr) {
                text = stderr.toString(StandardCharsets.UTF_8).strip();
            }
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        }

        public void kill() {
            process.destroyForcibly();
        }
    }
}
