package org.efp.dr.backup.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class DatabaseSizeSamplerTest {

    @Test
    void aDatabaseThatCannotBeReachedPublishesNoSizeAndDoesNotStopTheSampler() {
        // Given: no primary for energy_forecast, and timeseries on a port nothing listens on
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DatabaseSizeSampler sampler = new DatabaseSizeSampler(registry, database -> {
            if (CurrentPrimary.ENERGY_FORECAST.equals(database)) {
                throw new IllegalStateException("cluster energy_forecast has no primary now");
            }
            return new PgTarget(database, "127.0.0.1", 1, database, "postgres", "secret");
        }, List.of(CurrentPrimary.ENERGY_FORECAST, CurrentPrimary.TIMESERIES), Duration.ofSeconds(5));

        // When
        sampler.sample();

        // Then
        assertThat(registry.find("dr.database.size.bytes").gauges()).isEmpty();
        assertThat(sampler.lastBytes(CurrentPrimary.ENERGY_FORECAST)).isEqualTo(-1);
    }

    @Test
    void onlyTheProtectedDatabasesCanBeConfigured() {
        // When / Then: the label value comes from this list, so it must be a database the service knows
        assertThatThrownBy(() -> new DatabaseSizeSampler(new SimpleMeterRegistry(), d -> null,
                List.of("postgres"), Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgres");
    }
}
