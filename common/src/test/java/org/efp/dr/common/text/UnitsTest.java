package org.efp.dr.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a reader of a drill report sees for sizes, durations and text that came from outside. */
class UnitsTest {

    @Test
    void sizesInDecimalUnits() {
        assertThat(Units.size(999)).isEqualTo("999 B");
        assertThat(Units.size(13_600)).isEqualTo("13.6 kB");
        assertThat(Units.size(1.4e12)).isEqualTo("1.4 TB");
    }

    @Test
    void durationsAndMarginsMissedBy() {
        assertThat(Units.seconds(41L)).isEqualTo("41s");
        assertThat(Units.seconds(185L)).isEqualTo("3m 05s");
        assertThat(Units.seconds(3600L)).isEqualTo("1h 00m");
        assertThat(Units.seconds(-90L)).isEqualTo("-1m 30s");
        assertThat(Units.seconds(null)).isEqualTo("-");
    }

    @Test
    void textCannotOpenATagOrLeaveAnAttribute() {
        assertThat(Units.html("<script>\"x\" & y")).isEqualTo("&lt;script&gt;&quot;x&quot; &amp; y");
        assertThat(Units.html(null)).isEmpty();
    }
}
