package org.efp.dr.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One server program run as a child process: output to a log file, a readiness wait that fails as soon as the
 * process dies, and a clean stop (SIGTERM, then SIGKILL after a grace period). Its pid is written next to its
 * log so that {@code ./dr down} can stop it even when the process that started it is gone.
 */
final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path log;
    private final Path pidFile;
    private final Process process;

    private ServerProcess(String name, Path log, Path pidFile, Process process) {
        this.name = name;
        this.log = log;
        this.pidFile = pidFile;
        this.process = process;
    }

    /** Starts {@code command} in {@code home}; its output goes to {@code home/<name>.log}. */
    static ServerProcess start(String name, Path home, List<String> command) {
        return start(name, home, command, java.util.Map.of());
    }

    /** As {@link #start(String, Path, List)}, with {@code environment} added to the program's environment. */
    static ServerProcess start(String name, Path home, List<String> command, java.util.Map<String, String> environment) {
        Path log = home.resolve(name + ".log");
        Path pidFile = home.resolve(name + ".pid");
        try {
            Files.createDirectories(home);
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            Process process = builder
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            process.getOutputStream().close();
            Files.writeString(pidFile, process.pid() + "\n");
            return new ServerProcess(name, log, pidFile, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + "); log: " + log, e);
        }
    }

    /** The program on the PATH (or the path an environment variable names), else a clear error. */
    static String program(String envOverride, String name) {
        String configured = System.getenv(envOverride);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(name + " is not installed: run ./dr setup (or set " + envOverride + ")");
    }

    /** Waits until {@code ready} holds; fails at once with the log's place when the process exits. */
    void awaitReady(Duration timeout, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log: " + log);
            }
            if (ready.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        stop();
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; log: " + log);
    }

    /** Whether GET {@code url} answers 200. */
    static boolean answers(String url) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** SIGTERM, then SIGKILL when the program has not exited within 15 s. */
    void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // the pid file is only a hint for ./dr down
        }
    }

    @Override
    public void close() {
        stop();
    }
}
