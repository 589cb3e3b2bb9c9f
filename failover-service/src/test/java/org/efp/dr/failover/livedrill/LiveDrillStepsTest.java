package org.efp.dr.failover.livedrill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.efp.dr.common.events.Severity;
import org.efp.dr.failover.detection.Incident;
import org.efp.dr.failover.livedrill.LiveDrill.Phase;
import org.efp.dr.failover.livedrill.LiveDrillSteps.Next;
import org.efp.dr.failover.livedrill.LiveDrillSteps.World;
import org.junit.jupiter.api.Test;

/** A live drill's rules: when it may break the primary, what it waits for, and when it gives up. */
class LiveDrillStepsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T03:00:00Z");
    private static final Duration WATCH = Duration.ofMinutes(15);
    private static final String PRIMARY = "jdbc:postgresql://10.0.0.11:5432/energy_forecast";
    private static final String STANDBY = "jdbc:postgresql://10.0.0.12:5432/energy_forecast";

    private static LiveDrill requested(String scenario) {
        return new LiveDrill("live-1", scenario, "ops", T0, Phase.REQUESTED, null, null, null, null, null, null,
                false, null);
    }

    private static World healthy() {
        return new World(Optional.of(PRIMARY), true, true, false, Optional.empty());
    }

    private static Incident incident(Instant detected, Instant resolved) {
        return new Incident("inc-1", "database-down", "database", Severity.CRITICAL, "writes fail", "health-probe",
                resolved == null ? Incident.OPEN : Incident.RESOLVED, detected.minusSeconds(2), detected, resolved, 0,
                null);
    }

    @Test
    void aHealthyPlatformIsBrokenAtItsRecordedPrimary() {
        Next next = LiveDrillSteps.next(requested("database_failure"), healthy(), T0, WATCH);

        assertThat(next.drill().phase()).isEqualTo(Phase.BREAKING);
        assertThat(next.drill().target()).isEqualTo(PRIMARY);
        Next broken = LiveDrillSteps.next(next.drill(), healthy(), T0.plusSeconds(2), WATCH);
        assertThat(broken.breakTarget()).isTrue();
        assertThat(broken.drill().phase()).isEqualTo(Phase.BROKEN);
    }

    @Test
    void withoutAStreamingStandbyNothingIsBrokenAndTheDrillSaysWhy() {
        World noStandby = new World(Optional.of(PRIMARY), true, false, false, Optional.empty());

        Next next = LiveDrillSteps.next(requested("database_failure"), noStandby, T0, WATCH);

        assertThat(next.breakTarget()).isFalse();
        assertThat(next.drill().phase()).isEqualTo(Phase.FINISHED);
        assertThat(next.drill().target()).isNull();
        assertThat(next.drill().detail()).contains("no standby streams");
    }

    @Test
    void anOpenIncidentOrAnUnwritablePrimaryOrAnotherScenarioIsNotBroken() {
        assertThat(LiveDrillSteps.next(requested("database_failure"),
                new World(Optional.of(PRIMARY), true, true, true, Optional.empty()), T0, WATCH).drill().detail())
                .contains("incident is open");
        assertThat(LiveDrillSteps.next(requested("database_failure"),
                new World(Optional.of(PRIMARY), false, true, false, Optional.empty()), T0, WATCH).drill().detail())
                .contains("no writable primary");
        assertThat(LiveDrillSteps.next(requested("region_failure"), healthy(), T0, WATCH).drill().detail())
                .contains("./dr drill");
    }

    @Test
    void aDrillResumedAfterACrashDoesNotBreakAPrimaryThatIsAlreadyGone() {
        LiveDrill breaking = LiveDrillSteps.next(requested("database_failure"), healthy(), T0, WATCH).drill();
        World gone = new World(Optional.of(PRIMARY), false, false, false, Optional.empty());

        Next next = LiveDrillSteps.next(breaking, gone, T0.plusSeconds(30), WATCH);

        assertThat(next.breakTarget()).isFalse();
        assertThat(next.drill().phase()).isEqualTo(Phase.BROKEN);
    }

    @Test
    void detectedRecoveredAndReadyAgainPassesWithTheRecoveryMeasuredFromTheBreak() {
        LiveDrill broken = new LiveDrill("live-1", "database_failure", "ops", T0, Phase.BROKEN, PRIMARY, T0, null,
                null, null, null, false, "killed");
        Instant detected = T0.plusSeconds(3);
        Instant resolved = T0.plusSeconds(7);

        LiveDrill d = LiveDrillSteps.next(broken, new World(Optional.of(PRIMARY), false, false, false,
                Optional.of(incident(detected, null))), T0.plusSeconds(4), WATCH).drill();
        assertThat(d.phase()).isEqualTo(Phase.DETECTED);
        assertThat(d.detectedAt()).isEqualTo(detected);
        World promoted = new World(Optional.of(STANDBY), true, false, false, Optional.of(incident(detected,
                resolved)));
        d = LiveDrillSteps.next(d, promoted, T0.plusSeconds(8), WATCH).drill();
        assertThat(d.phase()).isEqualTo(Phase.RECOVERED);
        assertThat(d.recoveredAt()).isEqualTo(resolved);
        assertThat(d.detail()).contains("promoted " + STANDBY);
        d = LiveDrillSteps.next(d, promoted, T0.plusSeconds(20), WATCH).drill();
        assertThat(d.phase()).as("no standby streams yet").isEqualTo(Phase.RECOVERED);
        d = LiveDrillSteps.next(d, new World(Optional.of(STANDBY), true, true, false, Optional.empty()),
                T0.plusSeconds(40), WATCH).drill();

        assertThat(d.phase()).isEqualTo(Phase.FINISHED);
        assertThat(d.ready()).isTrue();
        assertThat(LiveDrillSteps.passed(d, Duration.ofHours(1))).isTrue();
        assertThat(LiveDrillSteps.passed(d, Duration.ofSeconds(5))).as("7 s recovery against a 5 s RTO").isFalse();
    }

    @Test
    void aRecoveryWithoutAStandbyAgainFailsOnceTheWatchIsOver() {
        LiveDrill recovered = new LiveDrill("live-1", "database_failure", "ops", T0, Phase.RECOVERED, PRIMARY, T0,
                "inc-1", T0.plusSeconds(3), T0.plusSeconds(7), null, false, "promoted");
        World noStandby = new World(Optional.of(STANDBY), true, false, false, Optional.empty());

        assertThat(LiveDrillSteps.next(recovered, noStandby, T0.plus(WATCH).minusSeconds(1), WATCH).drill().phase())
                .isEqualTo(Phase.RECOVERED);
        LiveDrill d = LiveDrillSteps.next(recovered, noStandby, T0.plus(WATCH), WATCH).drill();

        assertThat(d.phase()).isEqualTo(Phase.FINISHED);
        assertThat(d.detail()).contains("not ready for the next failure");
        assertThat(LiveDrillSteps.passed(d, Duration.ofHours(1))).isFalse();
    }

    @Test
    void anOutageNeverDetectedFailsTheDrillAfterTheWatch() {
        LiveDrill broken = new LiveDrill("live-1", "database_failure", "ops", T0, Phase.BROKEN, PRIMARY, T0, null,
                null, null, null, false, "killed");

        LiveDrill d = LiveDrillSteps.next(broken, healthy(), T0.plus(WATCH), WATCH).drill();

        assertThat(d.phase()).isEqualTo(Phase.FINISHED);
        assertThat(d.detail()).startsWith("the outage was not detected");
    }

    private static final String CACHE = "redis://10.0.0.20:6379";

    @Test
    void aCacheDrillBreaksTheCacheOnlyWhileItAnswers() {
        World answering = new World(Optional.of(CACHE), true, true, false, Optional.empty());
        World silent = new World(Optional.of(CACHE), false, false, false, Optional.empty());

        Next next = LiveDrillSteps.next(requested("cache_failure"), answering, T0, WATCH);
        Next refused = LiveDrillSteps.next(requested("cache_failure"), silent, T0, WATCH);

        assertThat(next.drill().phase()).isEqualTo(Phase.BREAKING);
        assertThat(next.drill().target()).isEqualTo(CACHE);
        assertThat(LiveDrillSteps.next(next.drill(), answering, T0.plusSeconds(2), WATCH).breakTarget()).isTrue();
        assertThat(refused.drill().phase()).isEqualTo(Phase.FINISHED);
        assertThat(refused.drill().detail()).isEqualTo("not started: the cache does not answer PING");
    }

    @Test
    void aCacheAnsweringAgainWithItsIncidentResolvedIsRecoveredAndReadyAtOnce() {
        LiveDrill detected = new LiveDrill("live-2", "cache_failure", "ops", T0, Phase.DETECTED, CACHE, T0, "inc-1",
                T0.plusSeconds(2), null, null, false, "detected");
        Instant resolved = T0.plusSeconds(14);
        World back = new World(Optional.of(CACHE), true, true, false, Optional.of(incident(T0.plusSeconds(2),
                resolved)));

        LiveDrill recovered = LiveDrillSteps.next(detected, new World(Optional.of(CACHE), true, true, false,
                Optional.of(incident(T0.plusSeconds(2), null))), T0.plusSeconds(10), WATCH).drill();
        assertThat(recovered.phase()).as("answering, but the incident is still open").isEqualTo(Phase.DETECTED);
        recovered = LiveDrillSteps.next(detected, back, T0.plusSeconds(15), WATCH).drill();
        LiveDrill finished = LiveDrillSteps.next(recovered, back, T0.plusSeconds(17), WATCH).drill();

        assertThat(recovered.phase()).isEqualTo(Phase.RECOVERED);
        assertThat(recovered.detail()).isEqualTo("the cache " + CACHE + " serves again");
        assertThat(finished.phase()).isEqualTo(Phase.FINISHED);
        assertThat(finished.detail()).isEqualTo("ready for the next failure: the cache answers at " + CACHE);
        assertThat(LiveDrillSteps.passed(finished, Duration.ofMinutes(5))).isTrue();
        assertThat(LiveDrillSteps.passed(finished, Duration.ofSeconds(10))).as("14 s against a 10 s RTO").isFalse();
    }
}
