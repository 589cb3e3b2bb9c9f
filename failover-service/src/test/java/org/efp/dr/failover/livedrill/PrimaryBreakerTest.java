package org.efp.dr.failover.livedrill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the breaker reads before it acts: only a pod name or a pid it has validated. */
class PrimaryBreakerTest {

    @Test
    void thePodIsTheFirstLabelOfThePrimarysHost() {
        assertThat(PrimaryBreaker.podOf("energy-forecast-0.energy-forecast.efp.svc")).isEqualTo("energy-forecast-0");
        assertThat(PrimaryBreaker.podOf("energy-forecast-1")).isEqualTo("energy-forecast-1");
    }

    @Test
    void aHostThatIsNoPodNameIsRefused() {
        assertThatThrownBy(() -> PrimaryBreaker.podOf("10.0.0.11")).hasMessageContaining("pod name");
        assertThatThrownBy(() -> PrimaryBreaker.podOf("Energy_Forecast.svc")).hasMessageContaining("pod name");
    }

    @Test
    void thePostmasterPidIsTheFirstLineOfPostmasterPid(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("postmaster.pid"), "4242\n/var/lib/postgresql/data\n1733000000\n5432\n");

        assertThat(PrimaryBreaker.postmasterPid(dir)).isEqualTo(4242L);
    }

    @Test
    void aMissingOrGarbledPidFileIsRefused(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> PrimaryBreaker.postmasterPid(dir)).hasMessageContaining("no running server");
        Files.writeString(dir.resolve("postmaster.pid"), "1; rm -rf /\n");
        assertThatThrownBy(() -> PrimaryBreaker.postmasterPid(dir)).hasMessageContaining("does not start with a pid");
    }
}
