package org.efp.dr.drctl;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.efp.dr.common.events.Require;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that does something: the options every command has, the services, and the output. */
abstract class Verb implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = { "-o", "--output" }, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or yaml (default: ${DEFAULT-VALUE})")
    Output.Format output;

    @Option(names = "--config", paramLabel = "FILE",
            description = "drctl's config file (default: $DRCTL_CONFIG, else ~/.config/drctl/config.yaml)")
    Path config;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private Api api;

    @Override
    public final Integer call() {
        return execute();
    }

    /** Does the work; returns the exit code or throws {@link DrctlException}. */
    abstract int execute();

    Drctl root() {
        return (Drctl) spec.root().userObject();
    }

    Api api() {
        if (api == null) {
            api = new Api(Settings.resolve(config, root().env), Duration.ofSeconds(30));
        }
        return api;
    }

    void print(JsonNode data, Function<JsonNode, String> table) {
        Output.print(root().out, output, data, table);
    }

    /** A progress line while waiting: on stderr, so stdout stays one document for scripts. */
    void progress(String line) {
        root().err.println(line);
        root().err.flush();
    }

    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Refuses a {@code --limit} outside 1 to {@code max} before any service is asked. */
    void limit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw usage("--limit must be between 1 and " + max + ", was " + limit);
        }
    }

    /** Refuses a value of {@code option} that is not a name as the platform's events carry one. */
    void name(String value, String option) {
        try {
            Require.name(value, option);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    static void pause(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrctlException(DrctlException.FAILED, "interrupted");
        }
    }

    /**
     * Polls {@code read} every {@code interval} until {@code done} holds, printing {@code line} when it changes;
     * a timeout is {@link DrctlException#FAILED}. An answer of {@code null} (not there yet) is polled again.
     */
    JsonNode await(String what, java.util.function.Supplier<JsonNode> read, java.util.function.Predicate<JsonNode> done,
            Function<JsonNode, String> line, Duration timeout, Duration interval) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        while (true) {
            JsonNode now = read.get();
            if (now != null) {
                String l = line.apply(now);
                if (!l.equals(last)) {
                    progress(l);
                    last = l;
                }
                if (done.test(now)) {
                    return now;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new DrctlException(DrctlException.FAILED, what + " did not finish within " + Output.duration(
                        timeout) + (last == null ? "" : "; last: " + last));
            }
            pause(interval);
        }
    }

    /** "90s", "30m", "2h" (as the guide's files write durations). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return org.efp.dr.common.config.DurationText.parse(value);
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 90s, 30m "
                        + "or 2h");
            }
        }
    }

    /** A group of subcommands: run alone, it names them. */
    abstract static class Group implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: "
                    + String.join(", ", spec.subcommands().keySet()));
        }
    }
}
