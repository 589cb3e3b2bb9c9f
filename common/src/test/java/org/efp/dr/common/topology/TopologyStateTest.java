package org.efp.dr.common.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.efp.dr.common.events.DatabaseTopologyChanged;
import org.efp.dr.common.events.DatabaseTopologyChanged.Node;
import org.junit.jupiter.api.Test;

class TopologyStateTest {

    private static final String STATIC_URL = "jdbc:postgresql://10.0.0.5:5432/energy_forecast?sslmode=require";

    private static DatabaseTopologyChanged topology(long generation, Node primary) {
        return new DatabaseTopologyChanged("energy_forecast", generation, primary, List.of(), List.of(), 2L,
                "failover", null, Instant.parse("2026-12-01T00:00:00Z"));
    }

    private static Node node(String host, int port) {
        return new Node(host, port, null, null, null);
    }

    @Test
    void theConfiguredPrimaryStandsUntilTheFirstTopologyArrives() {
        // Given
        TopologyState state = new TopologyState();

        // When
        String url = state.primaryJdbcUrl("energy_forecast", STATIC_URL);

        // Then
        assertThat(url).isEqualTo(STATIC_URL);
    }

    @Test
    void theCurrentPrimaryReplacesHostAndPortAndKeepsDatabaseAndParameters() {
        // Given
        TopologyState state = new TopologyState();
        state.apply(topology(3, node("pg-standby-0.pg", 5433)));

        // When
        String url = state.primaryJdbcUrl("energy_forecast", STATIC_URL);

        // Then
        assertThat(url).isEqualTo("jdbc:postgresql://pg-standby-0.pg:5433/energy_forecast?sslmode=require");
    }

    @Test
    void anOlderOrRepeatedGenerationNeverMovesBackToAFormerPrimary() {
        // Given
        TopologyState state = new TopologyState();
        state.apply(topology(5, node("new-primary", 5432)));

        // When
        var older = state.apply(topology(4, node("old-primary", 5432)));
        var repeated = state.apply(topology(5, node("old-primary", 5432)));

        // Then
        assertThat(older).isEmpty();
        assertThat(repeated).isEmpty();
        assertThat(state.primaryJdbcUrl("energy_forecast", STATIC_URL)).contains("//new-primary:5432/");
    }

    @Test
    void aNewerGenerationReportsWhetherThePrimaryMoved() {
        // Given
        TopologyState state = new TopologyState();
        var first = state.apply(topology(1, node("a", 5432)));

        // When
        var sameNode = state.apply(topology(2, node("a", 5432)));
        var moved = state.apply(topology(3, node("b", 5432)));

        // Then
        assertThat(first).hasValueSatisfying(c -> assertThat(c.primaryChanged()).isTrue());
        assertThat(sameNode).hasValueSatisfying(c -> assertThat(c.primaryChanged()).isFalse());
        assertThat(moved).hasValueSatisfying(c -> {
            assertThat(c.primaryChanged()).isTrue();
            assertThat(c.primaryAddress()).contains("b:5432");
            assertThat(c.previous().primary().host()).isEqualTo("a");
        });
    }

    @Test
    void aClusterWithoutPrimaryIsAClearErrorNotTheOldAddress() {
        // Given
        TopologyState state = new TopologyState();
        state.apply(topology(7, null));

        // When / Then
        assertThatThrownBy(() -> state.primaryJdbcUrl("energy_forecast", STATIC_URL))
                .isInstanceOf(NoPrimaryException.class)
                .hasMessageContaining("energy_forecast has no primary now (topology generation 7: failover)");
    }

    @Test
    void anUrlNamingSeveralHostsIsRefused() {
        // Given
        TopologyState state = new TopologyState();
        state.apply(topology(1, node("a", 5432)));

        // When / Then
        assertThatThrownBy(() -> state.primaryJdbcUrl("energy_forecast", "jdbc:postgresql://a:5432,b:5432/db"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one host");
    }

    @Test
    void otherClustersAreUnaffected() {
        // Given
        TopologyState state = new TopologyState();
        state.apply(topology(1, node("a", 5432)));

        // When
        String url = state.primaryJdbcUrl("timeseries", "jdbc:postgresql://ts:5432/timeseries");

        // Then
        assertThat(url).isEqualTo("jdbc:postgresql://ts:5432/timeseries");
    }
}
