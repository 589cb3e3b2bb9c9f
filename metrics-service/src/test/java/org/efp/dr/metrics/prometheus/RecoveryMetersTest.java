package org.efp.dr.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class RecoveryMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecoveryMeters meters = new RecoveryMeters(registry, Set.of("database", "api"),
            Set.of("database_recovery"));

    @Test
    void componentsAndScenariosNotInTheGuidesFilesShareOneSeriesWhateverEventsSay() {
        // When
        for (int i = 0; i < 200; i++) {
            meters.record("time_to_detect", "forged-component-" + i, "SEVERITY-" + i, 5);
            meters.drill("forged scenario " + i, i % 2 == 0);
        }
        meters.record("time_to_detect", "database", "HIGH", 30);

        // Then
        assertThat(registry.find("dr.recovery.time.to.detect").summaries())
                .extracting(s -> s.getId().getTag("component") + "/" + s.getId().getTag("severity"))
                .containsExactlyInAnyOrder("other/other", "database/high");
        assertThat(registry.find("dr.recovery.time.to.detect").tag("component", "other").summary().count())
                .isEqualTo(200);
        assertThat(registry.find("dr.drills").counters()).extracting(c -> c.getId().getTag("scenario"))
                .containsOnly("other");
        assertThat(registry.find("dr.drill.last.success").gauges()).hasSize(1);
    }
}
