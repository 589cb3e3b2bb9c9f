package org.efp.dr.failover.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What an old primary reports about itself becomes a command argument only when it passes validation. */
class FenceTargetTest {

    private static final String DIR = "/var/lib/postgresql/15/main";

    @Test
    void aPlainAbsoluteDataDirectoryAndADigitsOnlyPidPass() {
        assertThat(FenceTarget.dataDirectory(DIR)).isEqualTo(DIR);
        assertThat(FenceTarget.postmasterPid("4242\n" + DIR + "\n1700000000\n5432\n\n*\n", DIR)).isEqualTo(4242);
    }

    @Test
    void dataDirectoriesThatCouldCarryAShellWordAreRefused() {
        for (String bad : new String[] { "relative/dir", "/data;rm -rf /", "/data$(id)", "/data'x", "/data dir",
                "/data/../etc", "/data/./x", "/data//x", "/data/", "/-rf", "/data\nx", "" }) {
            assertThatThrownBy(() -> FenceTarget.dataDirectory(bad)).as(bad)
                    .isInstanceOf(FenceTarget.Refused.class).hasMessageContaining("fails validation");
        }
    }

    @Test
    void aPidThatIsNotDigitsOnlyOrNamesAnotherDataDirectoryIsRefused() {
        assertThatThrownBy(() -> FenceTarget.postmasterPid("4242; kill -9 1\n" + DIR + "\n", DIR))
                .isInstanceOf(FenceTarget.Refused.class).hasMessageContaining("digits only");
        assertThatThrownBy(() -> FenceTarget.postmasterPid("-1\n" + DIR + "\n", DIR))
                .isInstanceOf(FenceTarget.Refused.class).hasMessageContaining("digits only");
        assertThatThrownBy(() -> FenceTarget.postmasterPid("1\n" + DIR + "\n", DIR))
                .isInstanceOf(FenceTarget.Refused.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> FenceTarget.postmasterPid("99999999999\n" + DIR + "\n", DIR))
                .isInstanceOf(FenceTarget.Refused.class);
        assertThatThrownBy(() -> FenceTarget.postmasterPid("4242\n/other/data\n", DIR))
                .isInstanceOf(FenceTarget.Refused.class).hasMessageContaining("not " + DIR);
        assertThatThrownBy(() -> FenceTarget.postmasterPid("", DIR)).isInstanceOf(FenceTarget.Refused.class);
    }
}
