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
}
