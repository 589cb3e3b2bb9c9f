package org.efp.dr.failover.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.failover.recovery.Completion;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.efp.dr.failover.recovery.StepOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rejoin's step order, its fallback to a fresh clone and the state it keeps, with the commands faked. */
class DatabaseRejoinStepsTest {

    private static final String NODE = "jdbc:postgresql://127.0.0.1:5433/energy_forecast";
    private static final String PRIMARY = "jdbc:postgresql://127.0.0.1:5432/energy_forecast";
    private static final int START_NODE = 4;

    @TempDir
    Path home;

    private final DatabaseConfig config = new TestDatabaseConfig();
    private final PgNodes nodes = new PgNodes("postgres", Optional.empty(), config);
    private final List<String> ran = new ArrayList<>();
    private int failingStarts;
    private DatabaseRejoinProcedure procedure;
    private Path data;

    @BeforeEach
    void nodeWithAClusterThatIsNotRunning() throws IOException {
        data = Files.createDirectories(home.resolve("node"));
        Files.writeString(data.resolve("PG_VERSION"), "16");
        DataDirCommands commands = new DataDirCommands(config, nodes) {
            @Override
            public String pg(String program) {
                return program;
            }

            @Override
            public String run(List<String> command, Map<String, String> env) {
                ran.add(String.join(" ", command));
                if (command.get(0).equals("pg_ctl") && command.contains("status")) {
                    throw new IllegalStateException("pg_ctl: no server running");
                }
                if (command.get(0).equals("pg_ctl") && command.contains("start") && failingStarts-- > 0) {
                    throw new IllegalStateException("pg_ctl: could not start server");
                }
                return "";
            }
        };
        procedure = new DatabaseRejoinProcedure(null, nodes, config, commands);
    }

    private static RecoveryJob rejoin() {
        return new RecoveryJob("rec-1", "inc-1", "database", RecoveryAction.DATABASE_REJOIN, NODE, false, Map.of(),
                RecoveryJob.PENDING, 0, Map.of(), "test", Instant.now(), null, null);
    }

    private Map<String, String> rewound() {
        return new HashMap<>(Map.of("node", NODE, "primary", PRIMARY, "dataDir", data.toString(), "ownConfig",
                home.resolve("node.own-config").toString()));
    }

    @Test
    void theStepsKeepTheNamesEventsAndTheApiShow() {
        // Given
        RecoveryJob job = rejoin();

        // When
        List<String> steps = procedure.steps(job);

        // Then
        assertThat(steps).containsExactly("check-node", "stop-node", "rewind", "configure-standby", "start-node",
                "verify-streaming");
    }

    @Test
    void aRewoundNodeThatDoesNotStartIsClonedAgainWithItsOldDataKeptAside() throws Exception {
        // Given
        failingStarts = 1;
        Map<String, String> state = rewound();

        // When
        StepOutcome started = procedure.run(rejoin(), START_NODE, state);

        // Then
        assertThat(started.detail()).startsWith("the rewound node did not start").contains("cloned again");
        assertThat(state).containsEntry("recloned", "true");
        assertThat(state.get("movedAside")).startsWith(data + ".diverged-");
        assertThat(ran).anyMatch(c -> c.startsWith("pg_basebackup -D " + data));
        assertThat(procedure.completion(rejoin(), state).nextSteps()).last().asString()
                .contains("kept in " + state.get("movedAside"));
    }

    @Test
    void aCloneThatStillDoesNotStartFailsAndKeepsWhereTheOldDataWent() {
        // Given
        failingStarts = 2;
        Map<String, String> state = rewound();

        // When
        assertThatThrownBy(() -> procedure.run(rejoin(), START_NODE, state))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("pg_ctl: could not start server");

        // Then
        assertThat(state).containsEntry("recloned", "true");
        assertThat(state.get("movedAside")).startsWith(data + ".diverged-");
    }

    @Test
    void aNodeClonedAlreadyIsNotClonedTwice() {
        // Given: the state an earlier version saved after a clone
        failingStarts = 1;
        Map<String, String> state = rewound();
        state.put("recloned", "true");

        // When
        assertThatThrownBy(() -> procedure.run(rejoin(), START_NODE, state))
                .hasMessageStartingWith("pg_ctl: could not start server");

        // Then
        assertThat(ran).noneMatch(c -> c.startsWith("mv ") || c.startsWith("pg_basebackup"));
    }

    @Test
    void aDryRunOnlySaysWhatEachLaterStepWouldDo() throws Exception {
        // Given
        RecoveryJob dryRun = new RecoveryJob("rec-1", "inc-1", "database", RecoveryAction.DATABASE_REJOIN, NODE,
                true, Map.of(), RecoveryJob.PENDING, 0, Map.of(), "test", Instant.now(), null, null);

        // When
        StepOutcome rewind = procedure.run(dryRun, 2, rewound());

        // Then
        assertThat(rewind.detail()).isEqualTo("dry run: would rewind " + NODE + " (primary " + PRIMARY + ")");
        assertThat(ran).isEmpty();
    }

    @Test
    void aRejoinThatKeptItsDataReportsOnlyTheNewStandby() {
        // Given
        Map<String, String> state = rewound();

        // When
        Completion done = procedure.completion(rejoin(), state);

        // Then
        assertThat(done.restoredFrom()).isEqualTo(NODE);
        assertThat(done.nextSteps()).containsExactly(NODE + " is a standby of " + PRIMARY);
    }
}
