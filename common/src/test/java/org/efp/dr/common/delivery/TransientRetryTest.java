package org.efp.dr.common.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.efp.dr.common.events.PoisonEventException;
import org.junit.jupiter.api.Test;

class TransientRetryTest {

    private final List<Duration> pauses = new ArrayList<>();
    private final TransientRetry retry = new TransientRetry(5, Duration.ofMillis(100), Duration.ofMillis(300),
            pauses::add);

    private static RuntimeException database(String sqlState) {
        return new IllegalStateException("cannot record event",
                new SQLException("server said no", sqlState));
    }

    @Test
    void databaseRestartIsWaitedOutAndTheRecordHandledOnce() {
        // Given: the database refuses connections twice, then is back
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();

        // When
        retry.run("handling", () -> {
            if (attempts.incrementAndGet() <= 2) {
                throw database("08001");
            }
            handled.incrementAndGet();
        });

        // Then
        assertThat(handled).hasValue(1);
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void deadlockAndLockTimeoutAreRetriedWithBackoffCappedAtTheMaximum() {
        // Given
        AtomicInteger attempts = new AtomicInteger();

        // When
        retry.run("handling", () -> {
            int n = attempts.incrementAndGet();
            if (n <= 4) {
                throw database(n % 2 == 0 ? "40P01" : "55P03");
            }
        });

        // Then
        assertThat(attempts).hasValue(5);
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300),
                Duration.ofMillis(300));
    }

    @Test
    void failureThatOutlastsTheBudgetIsThrownWithTheAttemptsSoTheRecordIsDeadLettered() {
        assertThatThrownBy(() -> retry.run("handling", () -> {
            throw database("57P01");
        })).hasMessageContaining("still failing after 5 attempts").hasMessageContaining("cannot record event");
        assertThat(pauses).hasSize(4);
    }

    @Test
    void poisonAndProgrammingErrorsAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        PoisonEventException poison = new PoisonEventException(PoisonEventException.Reason.INVALID_PAYLOAD,
                "severity missing", null);

        assertThatThrownBy(() -> retry.run("handling", () -> {
            attempts.incrementAndGet();
            throw poison;
        })).isSameAs(poison);
        assertThatThrownBy(() -> retry.run("handling", () -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("unknown component");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> retry.run("handling", () -> {
            attempts.incrementAndGet();
            throw database("23505");
        })).hasRootCauseMessage("server said no");

        assertThat(attempts).hasValue(3);
        assertThat(pauses).isEmpty();
    }

    @Test
    void networkFailureDeepInTheCausesCountsAsTransient() {
        assertThat(TransientRetry.isTransient(new UncheckedIOException(new java.io.IOException("read",
                new java.net.ConnectException("refused"))))).isTrue();
        assertThat(TransientRetry.isTransient(new IllegalStateException("no cause"))).isFalse();
    }
}
