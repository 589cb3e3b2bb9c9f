package org.efp.dr.backup.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class DatabaseSizeSamplerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aFailedSampleKeepsTheLastSize() {
        // Given: one good sample, then the primary out of reach
        Deque<Object> answers = new ArrayDeque<>(List.of(123_456_789L,
                new SQLException("Connection to 10.0.0.5:5432 refused")));
        DatabaseSizeSampler sampler = new DatabaseSizeSampler(registry, database -> {
            Object next = answers.pop();
            if (next instanceof SQLException e) {
                throw e;
            }
            return (Long) next;
        }, List.of(CurrentPrimary.ENERGY_FORECAST));
        sampler.sample();

        // When
        sampler.sample();

        // Then
        Gauge gauge = registry.get("dr.database.size.bytes").tag("database", CurrentPrimary.ENERGY_FORECAST).gauge();
        assertThat(gauge.value()).isEqualTo(123_456_789d);
        assertThat(answers).isEmpty();
    }

    @Test
    void aDatabaseNeverReadPublishesNoSizeAndTheOthersStillAre() {
        // Given: no primary for energy_forecast; timeseries answers
        DatabaseSizeSampler sampler = new DatabaseSizeSampler(registry, database -> {
            if (CurrentPrimary.ENERGY_FORECAST.equals(database)) {
                throw new IllegalStateException("cluster energy_forecast has no primary now");
            }
            return 42L;
        }, List.of(CurrentPrimary.ENERGY_FORECAST, CurrentPrimary.TIMESERIES));

        // When
        sampler.sample();

        // Then
        assertThat(registry.find("dr.database.size.bytes").tag("database", CurrentPrimary.ENERGY_FORECAST).gauge())
                .isNull();
        assertThat(registry.get("dr.database.size.bytes").tag("database", CurrentPrimary.TIMESERIES).gauge().value())
                .isEqualTo(42d);
        assertThat(sampler.lastBytes(CurrentPrimary.ENERGY_FORECAST)).isEqualTo(-1);
    }

    @Test
    void onlyTheProtectedDatabasesCanBeConfigured() {
        // When / Then: the label value comes from this list, so it must be a database the service knows
        assertThatThrownBy(() -> new DatabaseSizeSampler(registry, d -> 0, List.of("postgres")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("postgres");
    }
}
