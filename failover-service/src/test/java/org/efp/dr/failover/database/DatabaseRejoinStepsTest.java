package org.efp.dr.failover.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.jobs.StepStates;
import org.efp.dr.failover.recovery.Completion;
import org.efp.dr.failover.recovery.RecoveryJob;
import org.efp.dr.failover.recovery.StepOutcome;
import org.junit.jupiter.api.Test;

/**
 * The rejoin's step order, when it falls back to a fresh clone and the state it keeps: what it decides without
 * running a command. The procedure has no nodes and no commands, so a case that reached one would fail; rewinding and
 * cloning real nodes is {@link DatabaseFailoverIT}'s.
 */
class DatabaseRejoinStepsTest {

    private static final String NODE = "jdbc:postgresql://127.0.0.1:5433/energy_forecast";
    private static final String PRIMARY = "jdbc:postgresql://127.0.0.1:5432/energy_forecast";
    private static final Path DATA = Path.of("/var/lib/postgresql/node");

    private final DatabaseRejoinProcedure procedure = new DatabaseRejoinProcedure(null, null,
            new TestDatabaseConfig(), null);

    private static RecoveryJob rejoin(boolean dryRun) {
        return new RecoveryJob("rec-1", "inc-1", "database", RecoveryAction.DATABASE_REJOIN, NODE, dryRun, Map.of(),
                RecoveryJob.PENDING, 0, Map.of(), "test", Instant.now(), null, null);
    }

    private static Map<String, String> rewound() {
        return new HashMap<>(Map.of("node", NODE, "primary", PRIMARY, "dataDir", DATA.toString(), "ownConfig",
                DATA.resolveSibling("node.own-config").toString()));
    }

    @Test
    void theStepsKeepTheNamesEventsAndTheApiShow() {
        // Given
        RecoveryJob job = rejoin(false);

        // When
        List<String> steps = procedure.steps(job);

        // Then
        assertThat(steps).containsExactly("check-node", "stop-node", "rewind", "configure-standby", "start-node",
                "verify-streaming");
    }

    @Test
    void aRewoundNodeThatDoesNotStartIsClonedAgain() {
        // Given
        RejoinState state = StepStates.read(rewound(), RejoinState.class);

        // When
        boolean clonesAgain = DatabaseRejoinProcedure.clonesAgain(state);

        // Then
        assertThat(clonesAgain).isTrue();
    }

    @Test
    void aNodeClonedAlreadyIsNotClonedTwice() {
        // Given: the state an earlier version saved after a clone
        Map<String, String> persisted = rewound();
        persisted.put("recloned", "true");

        // When
        boolean clonesAgain = DatabaseRejoinProcedure.clonesAgain(StepStates.read(persisted, RejoinState.class));

        // Then
        assertThat(clonesAgain).isFalse();
    }

    @Test
    void theOldDataOfANodeClonedAgainIsKeptNextToItUnderAFileName() {
        // Given
        Instant at = Instant.parse("2026-12-03T10:15:30.123Z");

        // When
        Path aside = DatabaseRejoinProcedure.aside(DATA, at);

        // Then
        assertThat(aside).isEqualTo(DATA.resolveSibling("node.diverged-2026-12-03T101530123Z"));
    }

    @Test
    void onlyTheNewestMovedAsideCopiesOfANodeAreKeptAndNothingElseIsEverRemoved() {
        // Given: four failures' copies of this node (one written at a whole second), another node's, and other files
        Path second = DatabaseRejoinProcedure.aside(DATA, Instant.parse("2026-12-03T10:00:00Z"));
        Path first = DatabaseRejoinProcedure.aside(DATA, Instant.parse("2026-12-01T09:00:00.5Z"));
        Path third = DatabaseRejoinProcedure.aside(DATA, Instant.parse("2026-12-03T10:00:00.001Z"));
        Path newest = DatabaseRejoinProcedure.aside(DATA, Instant.parse("2026-12-04T08:00:00.250Z"));
        Path otherNode = DatabaseRejoinProcedure.aside(DATA.resolveSibling("node2"),
                Instant.parse("2026-11-01T00:00:00Z"));
        List<Path> siblings = List.of(newest, DATA, second, otherNode, DATA.resolveSibling("node.diverged-notes"),
                third, first, DATA.resolveSibling("node.conf"));

        // When
        List<Path> expired = DatabaseRejoinProcedure.expiredAside(DATA, siblings, 2);

        // Then: the two oldest go, oldest first; keeping fewer than one is never asked of it
        assertThat(expired).containsExactly(first, second);
        assertThat(DatabaseRejoinProcedure.expiredAside(DATA, siblings, 0)).containsExactly(first, second, third);
        assertThat(DatabaseRejoinProcedure.expiredAside(DATA, List.of(newest, DATA), 2)).isEmpty();
    }

    @Test
    void aRejoinThatClonedAgainSaysWhereTheOldDataIsKept() {
        // Given
        Map<String, String> state = rewound();
        state.put("recloned", "true");
        state.put("movedAside", DATA + ".diverged-2026-12-03T101530123Z");

        // When
        Completion done = procedure.completion(rejoin(false), state);

        // Then
        assertThat(done.nextSteps()).containsExactly(NODE + " is a standby of " + PRIMARY, "its old data directory "
                + "(diverged writes) is kept in " + DATA + ".diverged-2026-12-03T101530123Z: review it, then "
                + "remove it");
    }

    @Test
    void aDryRunOnlySaysWhatEachLaterStepWouldDo() throws Exception {
        // Given
        RecoveryJob dryRun = rejoin(true);

        // When
        StepOutcome rewind = procedure.run(dryRun, 2, rewound());

        // Then
        assertThat(rewind.detail()).isEqualTo("dry run: would rewind " + NODE + " (primary " + PRIMARY + ")");
        assertThat(procedure.completion(dryRun, rewound()).nextSteps()).containsExactly(
                "dry run only: nothing changed");
    }

    @Test
    void aRejoinThatKeptItsDataReportsOnlyTheNewStandby() {
        // Given
        Map<String, String> state = rewound();

        // When
        Completion done = procedure.completion(rejoin(false), state);

        // Then
        assertThat(done.restoredFrom()).isEqualTo(NODE);
        assertThat(done.nextSteps()).containsExactly(NODE + " is a standby of " + PRIMARY);
    }
}
