package org.efp.dr.metrics.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.efp.dr.common.events.RecoveryMonitored.Signal;
import org.junit.jupiter.api.Test;

class MonitoringVerdictTest {

    private static final Signal HEALTHY = new Signal("service_health", "PASSED", 5.0, 5.0, null);
    private static final Signal NO_MODEL_DATA = new Signal("model_performance", Signal.NO_DATA, null, 10.0, null);

    @Test
    void aSignalWithoutDataFailsTheRoundUnlessItIsOptional() {
        // When
        boolean strict = RecoveryMonitor.passes(List.of(HEALTHY, NO_MODEL_DATA), List.of());
        boolean lenient = RecoveryMonitor.passes(List.of(HEALTHY, NO_MODEL_DATA), List.of("model_performance"));

        // Then
        assertThat(strict).isFalse();
        assertThat(lenient).isTrue();
    }

    @Test
    void anOptionalSignalOutOfBoundsOrNotMeasurableStillFails() {
        // Given
        List<String> optional = List.of("model_performance");

        // When
        boolean outOfBounds = RecoveryMonitor.passes(List.of(HEALTHY,
                new Signal("model_performance", "FAILED", 25.0, 10.0, null)), optional);
        boolean error = RecoveryMonitor.passes(List.of(HEALTHY,
                new Signal("model_performance", Signal.ERROR, null, 10.0, "Prometheus unreachable")), optional);

        // Then
        assertThat(outOfBounds).isFalse();
        assertThat(error).isFalse();
    }

    @Test
    void noSignalAtAllIsNotAPass() {
        assertThat(RecoveryMonitor.passes(List.of(), List.of())).isFalse();
    }
}
