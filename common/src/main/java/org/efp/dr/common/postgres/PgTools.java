package org.efp.dr.common.postgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Finds and runs the PostgreSQL programs: from a configured bin directory, else the newest installed version that
 * has them ({@link PgBinaries}), else PATH.
 * <ul>
 * <li>{@link #start} streams a client program's standard output to the caller and keeps the tail of its standard
 * error ({@link Run}); it is killed after the process timeout, when there is one. {@link #startLongRunning} has no
 * time limit.</li>
 * <li>{@link #client} and {@link #server} run a program to its end and return its output (standard output and error
 * together); a failure is the exception {@link Failure} makes. The server programs (pg_ctl, postgres) refuse to run
 * as root, so when this JVM is root they run as the {@value #SERVER_USER} user through runuser, on directories handed
 * over to that user ({@link #handOver}).</li>
 * </ul>
 * The environment a caller gives (PGPASSWORD among it) goes to the program only: no message names it.
 */
public class PgTools {

    /** The user the server programs run as when this JVM is root. */
    public static final String SERVER_USER = "postgres";
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private static final int TAIL_CHARS = 2000;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pg-tools-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** Makes the exception a failed {@link #client}, {@link #server} or {@link #handOver} run throws. */
    @FunctionalInterface
    public interface Failure {
        /** {@code interrupted}: this thread was interrupted while waiting (its interrupt flag is set again). */
        RuntimeException of(String message, Throwable cause, boolean interrupted);
    }

    private final Path bin;
    private final Duration limit;
    private final Failure failure;

    /**
     * @param bin where the programs are; null: found on PATH
     * @param processTimeout how long a program {@link #start}ed may run; null: no limit
     */
    public PgTools(Path bin, Duration processTimeout) {
        this(bin, processTimeout, ProgramFailed::new);
    }

    public PgTools(Path bin, Duration processTimeout, Failure failure) {
        this.bin = bin;
        this.limit = processTimeout;
        this.failure = failure;
    }

    /**
     * The programs in {@code configured}, else in the bin directory of the newest installed version that has
     * {@code probe}, else on PATH.
     */
    public static PgTools locate(Optional<Path> configured, String probe, Duration processTimeout, Failure failure) {
        return new PgTools(configured.or(() -> PgBinaries.newestWith(probe)).orElse(null), processTimeout, failure);
    }

    /** The program's path (or bare name, found on PATH). */
    public String program(String name) {
        return bin == null ? name : bin.resolve(name).toString();
    }

    /**
     * Starts a one-shot program, killed when it runs longer than the process timeout; stdout is for the caller,
     * stderr is collected by {@link Run}. {@code env} is added to this process's environment.
     */
    public Run start(String name, List<String> args, Map<String, String> env) throws IOException {
        return start(name, args, env, limit);
    }

    /** Starts a program meant to run until stopped (pg_receivewal): no time limit. */
    public Run startLongRunning(String name, List<String> args, Map<String, String> env) throws IOException {
        return start(name, args, env, null);
    }

    private Run start(String name, List<String> args, Map<String, String> env, Duration timeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(false, name, args));
        builder.environment().putAll(env);
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

    /** Runs a client program as this process's user; a non-zero exit is a failure with its output. */
    public String client(String name, List<String> args, Map<String, String> env, Duration timeout) {
        return run(command(false, name, args), env, timeout);
    }

    /** Runs a server program (pg_ctl) as the server user. */
    public String server(String name, List<String> args, Duration timeout) {
        return run(command(ROOT, name, args), Map.of(), timeout);
    }

    /** Hands {@code dir} (recursively) to the server user when this JVM runs as root. */
    public void handOver(Path dir) {
        if (ROOT) {
            run(List.of("chown", "-R", SERVER_USER + ":" + SERVER_USER, dir.toString()), Map.of(),
                    Duration.ofMinutes(5));
        }
    }

    private List<String> command(boolean asServerUser, String name, List<String> args) {
        List<String> command = new ArrayList<>();
        if (asServerUser) {
            command.addAll(List.of("runuser", "-u", SERVER_USER, "--"));
        }
        command.add(program(name));
        command.addAll(args);
        return command;
    }

    private String run(List<String> command, Map<String, String> env, Duration timeout) {
        String name = Path.of(command.get(ROOT && command.get(0).equals("runuser") ? 4 : 0)).getFileName().toString();
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread reader = drain(process.getInputStream(), output, name + "-output");
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw failure.of(name + " timed out after " + timeout, null, false);
            }
            reader.join(5_000);
            String text = output.toString(StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw failure.of(name + " exited with " + process.exitValue() + ": " + tail(text), null, false);
            }
            return text;
        } catch (IOException e) {
            throw failure.of("cannot run " + name, e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure.of(name + " interrupted", e, true);
        }
    }

    /** Copies {@code in} into {@code into} on a daemon thread until the process closes it. */
    private static Thread drain(InputStream in, ByteArrayOutputStream into, String threadName) {
        Thread reader = new Thread(() -> {
            try (in) {
                in.transferTo(into);
            } catch (IOException e) {
                // the process is gone
            }
        }, threadName);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static String tail(String text) {
        return text.length() > TAIL_CHARS ? text.substring(text.length() - TAIL_CHARS) : text;
    }

    /** A run that failed, when the caller gave no {@link Failure} of its own. */
    public static class ProgramFailed extends RuntimeException {
        private final boolean interrupted;

        public ProgramFailed(String message, Throwable cause, boolean interrupted) {
            super(message, cause);
            this.interrupted = interrupted;
        }

        /** Whether the waiting thread was interrupted (rather than the program failing). */
        public boolean interrupted() {
            return interrupted;
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
            this.stderrReader = drain(process.getErrorStream(), stderr, name + "-stderr");
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
            return tail(text);
        }

        public void kill() {
            process.destroyForcibly();
        }
    }
}
