package org.efp.dr.backup.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimelineHistoryTest {

    @Test
    void readsWhereEachAncestorTimelineWasLeft() {
        // Given
        String text = "1\t0/5000A0\tno recovery target specified\n\n2\t0/9000028\tno recovery target specified\n";

        // When
        TimelineHistory history = TimelineHistory.parse("00000003.history", text);

        // Then
        assertThat(history.timeline()).isEqualTo(3);
        assertThat(history.switchPoint(1)).hasValue(0x5000A0L);
        assertThat(history.switchPoint(2)).hasValue(0x9000028L);
        assertThat(history.switchPoint(3)).isEmpty();
    }

    @Test
    void namesHistoryFilesAsPostgresqlDoes() {
        assertThat(TimelineHistory.fileName(2)).isEqualTo("00000002.history");
        assertThat(TimelineHistory.fileName(26)).isEqualTo("0000001A.history");
        assertThat(TimelineHistory.isHistoryFile("00000002.history")).isTrue();
        assertThat(TimelineHistory.isHistoryFile("../00000002.history")).isFalse();
    }

    @Test
    void aMalformedFileIsRefusedWithTheLine() {
        assertThatThrownBy(() -> TimelineHistory.parse("00000002.history", "garbage\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("garbage");
    }
}
