package org.efp.dr.common.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running programs: output, environment, exit codes, time limits and the messages a failure carries. */
class PgToolsTest {

    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private final PgTools onPath = new PgTools(null, null);

    @Test
    void programIsFoundInTheBinDirectoryOrOnPath(@TempDir Path bin) {
        assertThat(onPath.program("pg_dump")).isEqualTo("pg_dump");
        assertThat(new PgTools(bin, null).program("pg_dump")).isEqualTo(bin.resolve("pg_dump").toString());
        assertThat(PgTools.locate(Optional.of(bin), "pg_dump", null, PgTools.ProgramFailed::new)
                .program("pg_restore")).isEqualTo(bin.resolve("pg_restore").toString());
    }

    @Test
    void clientReturnsStandardOutputAndErrorTogetherAndGetsTheGivenEnvironment() {
        String out = onPath.client("sh", List.of("-c", "echo \"$PGAPPNAME\"; echo err >&2"),
                Map.of("PGAPPNAME", "efp-dr-test"), GENEROUS);

        assertThat(out).isEqualTo("efp-dr-test\nerr");
    }

    @Test
    void clientExitingNonZeroFailsWithTheExitCodeAndOutputButNotItsEnvironment() {
        assertThatThrownBy(() -> onPath.client("sh", List.of("-c", "echo out; echo err >&2; exit 3"),
                Map.of("PGPASSWORD", "s3cret"), GENEROUS))
                .isInstanceOfSatisfying(PgTools.ProgramFailed.class, e -> assertThat(e.interrupted()).isFalse())
                .hasMessage("sh exited with 3: out\nerr")
                .hasNoCause();
    }

    @Test
    void clientRunningPastItsTimeoutIsKilledAndSaysSo() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> onPath.client("sh", List.of("-c", "exec sleep 30"), Map.of(),
                Duration.ofMillis(300))).isInstanceOf(PgTools.ProgramFailed.class).hasMessage("sh timed out after PT0.3S");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aMissingProgramFailsThroughTheCallersFailure(@TempDir Path bin) {
        PgTools tools = new PgTools(bin, null, (message, cause, interrupted) -> new IllegalStateException(message,
                cause));

        assertThatThrownBy(() -> tools.client("pg_restore", List.of(), Map.of(), GENEROUS))
                .isInstanceOf(IllegalStateException.class).hasMessage("cannot run pg_restore")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void startedProgramStreamsItsOutputAndKeepsTheTailOfItsErrors() throws IOException {
        PgTools.Run run = onPath.start("sh", List.of("-c",
                "echo \"$PGAPPNAME\"; head -c 3000 /dev/zero | tr '\\0' x >&2; echo ' boom' >&2; exit 2"),
                Map.of("PGAPPNAME", "efp-dr-test"));

        assertThat(new String(run.stdout().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("efp-dr-test\n");
        assertThatThrownBy(run::awaitSuccess).isInstanceOf(IOException.class).hasMessageStartingWith("sh exited with 2: ")
                .hasMessageEndingWith("x boom");
        assertThat(run.errorText()).hasSize(2000).endsWith("x boom");
    }

    @Test
    void startedProgramRunningPastTheProcessTimeoutIsKilledAndSaysSo() throws IOException {
        PgTools.Run run = new PgTools(null, Duration.ofMillis(300)).start("sh", List.of("-c", "exec sleep 30"),
                Map.of());

        long started = System.nanoTime();
        assertThatThrownBy(run::awaitSuccess).isInstanceOf(IOException.class)
                .hasMessage("sh killed: still running after PT0.3S (process timeout)");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(run.process().isAlive()).isFalse();
    }

    @Test
    void longRunningProgramHasNoProcessTimeout() throws IOException {
        PgTools.Run run = new PgTools(null, Duration.ofMillis(1)).startLongRunning("sh",
                List.of("-c", "read line; echo \"$line\""), Map.of());

        assertThat(new String(run.stdout().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("\n");
        run.awaitSuccess();
    }
}
