package org.efp.dr.backup.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class WalSegmentsTest {

    @Test
    void contiguousSegmentsHaveNoGapEvenAcrossALogBoundary() {
        assertThat(WalSegments.gap(Optional.of("0000000100000000000000FF"), "000000010000000100000000")).isEmpty();
        assertThat(WalSegments.gap(Optional.of("000000010000000000000003"), "000000010000000000000004")).isEmpty();
    }

    @Test
    void missingSegmentsAreListed() {
        assertThat(WalSegments.gap(Optional.of("000000010000000000000003"), "000000010000000000000006"))
                .containsExactly("000000010000000000000004", "000000010000000000000005");
    }

    @Test
    void aNewTimelineOrAnEmptyArchiveIsNotAGap() {
        assertThat(WalSegments.gap(Optional.of("000000010000000000000003"), "000000020000000000000009")).isEmpty();
        assertThat(WalSegments.gap(Optional.empty(), "000000010000000000000009")).isEmpty();
    }

    @Test
    void lsnTextAndSegmentStartsAgree() {
        assertThat(WalSegments.lsn("16/B374D848")).isEqualTo(0x16B374D848L);
        assertThat(WalSegments.lsnText(0x16B374D848L)).isEqualTo("16/B374D848");
        assertThat(WalSegments.startLsn("00000001000000000000000A")).isEqualTo(10L * 16 * 1024 * 1024);
    }

    @Test
    void aTimelineSwitchIsContiguousWhenTheNewTimelineStartsAtTheSegmentHoldingTheSwitchPoint() {
        // the switch at 0/50000A0 lies in segment 5; the new timeline's segment 5 starts with a copy of the old one
        assertThat(WalSegments.gapAcrossSwitch("000000010000000000000004", "000000020000000000000005", 0x50000A0L))
                .isEmpty();
    }

    @Test
    void aTimelineSwitchListsTheOldTimelinesMissingSegmentsAndTheNewTimelinesSkippedOnes() {
        assertThat(WalSegments.gapAcrossSwitch("000000010000000000000002", "000000020000000000000007", 0x50000A0L))
                .containsExactly("000000010000000000000003", "000000010000000000000004",
                        "000000020000000000000005", "000000020000000000000006");
    }

    @Test
    void oldTimelineWalPastTheSwitchPointDoesNotCoverTheNewTimeline() {
        // the old primary completed segment 6 after the switch at 0/50000A0: timeline 2's segments 5 and 6 are needed
        assertThat(WalSegments.gapAcrossSwitch("000000010000000000000006", "000000020000000000000007", 0x50000A0L))
                .containsExactly("000000020000000000000005", "000000020000000000000006");
    }
}
