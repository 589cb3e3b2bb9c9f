package org.efp.dr.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StepStatesTest {

    enum Level {
        NONE, HARD
    }

    record State(String node, long lagMs, boolean fenced, Instant recoveredTo, Level level, Long timeline) {
    }

    @Test
    void aStateReadsBackAsItWasWritten() {
        // Given
        State state = new State("jdbc:postgresql://db:5432/x", 1500, true, Instant.parse("2026-12-03T09:00:00Z"),
                Level.HARD, 7L);

        // When
        State read = StepStates.read(StepStates.toMap(state), State.class);

        // Then
        assertThat(read).isEqualTo(state);
    }

    @Test
    void theStoredFormIsAFlatMapOfTextWithoutNulls() {
        // Given
        State state = new State("n", 0, false, null, Level.NONE, null);

        // When
        Map<String, String> map = StepStates.toMap(state);

        // Then
        assertThat(map).containsExactlyInAnyOrderEntriesOf(Map.of("node", "n", "lagMs", "0", "fenced", "false",
                "level", "NONE"));
    }

    @Test
    void stateSavedByAnOlderVersionResumesWithMissingKeysEmptyTextAndUnknownKeys() {
        // Given: no lagMs or level, recoveredTo saved as an empty string, and a key no longer used
        Map<String, String> old = Map.of("node", "n", "recoveredTo", "", "fenced", "true", "retired", "x");

        // When
        State read = StepStates.read(old, State.class);

        // Then
        assertThat(read).isEqualTo(new State("n", 0, true, null, null, null));
    }

    @Test
    void writingKeepsKeysTheRecordDoesNotOwnAndDropsItsNullComponents() {
        // Given
        Map<String, String> persisted = new HashMap<>(Map.of("other", "kept", "timeline", "3"));

        // When
        StepStates.write(new State("n", 1, false, null, null, null), persisted);

        // Then
        assertThat(persisted).containsEntry("other", "kept").doesNotContainKey("timeline").containsEntry("node", "n");
    }

    record Scaled(String namespace, Map<String, Integer> replicas) {
    }

    @Test
    void aMapComponentIsStoredAsOneEntryPerKey() {
        // Given
        Map<String, String> persisted = new HashMap<>(Map.of("replicas.gone", "4", "other", "kept"));

        // When
        StepStates.write(new Scaled("prod", Map.of("web", 2, "api", 0)), persisted);

        // Then
        assertThat(persisted).containsExactlyInAnyOrderEntriesOf(Map.of("namespace", "prod", "replicas.web", "2",
                "replicas.api", "0", "other", "kept"));
    }

    @Test
    void aMapComponentReadsBackFromItsEntriesAndIsEmptyWithoutThem() {
        // Given
        Map<String, String> persisted = Map.of("namespace", "prod", "replicas.web", "2", "unrelated.key", "x");

        // When
        Scaled read = StepStates.read(persisted, Scaled.class);
        Scaled none = StepStates.read(Map.of(), Scaled.class);

        // Then
        assertThat(read).isEqualTo(new Scaled("prod", Map.of("web", 2)));
        assertThat(none.replicas()).isEmpty();
    }

    @Test
    void unreadableStateFailsWithTheRecordsName() {
        // Given
        Map<String, String> corrupt = Map.of("lagMs", "many");

        // When / Then
        assertThatThrownBy(() -> StepStates.read(corrupt, State.class)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt State state");
    }

    @Test
    void aStepsLabelIsItsNameInLowerCaseWithHyphens() {
        // Given
        Level step = Level.HARD;

        // When
        String label = StepProcedure.label(step);

        // Then
        assertThat(label).isEqualTo("hard");
    }
}
