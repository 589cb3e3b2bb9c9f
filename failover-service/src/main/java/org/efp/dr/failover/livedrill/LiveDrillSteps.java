package org.efp.dr.failover.livedrill;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.efp.dr.failover.detection.Incident;
import org.efp.dr.failover.livedrill.LiveDrill.Phase;

/**
 * What a live drill does next, decided from what the platform looks like now; no I/O, so every rule is tested
 * without breaking anything.
 */
public final class LiveDrillSteps {

    /**
     * The platform as one tick sees it, for the drill's scenario.
     *
     * @param primary what would be broken: the recorded database primary, the cache's address
     * @param primaryWritable it serves: the primary answers and is out of recovery; the cache answers PING
     * @param standbyStreaming it could take the next failure: a standby streams from the primary; the cache serves
     * @param incidentOpen an incident of the scenario's component is open
     * @param incident the first incident of the scenario's component detected since the break, if any
     */
    public record World(Optional<String> primary, boolean primaryWritable, boolean standbyStreaming,
            boolean incidentOpen, Optional<Incident> incident) {
    }

    /** The drill as it is to be saved, and whether its target must be broken (before it is saved as BROKEN). */
    public record Next(LiveDrill drill, boolean breakTarget) {
    }

    private LiveDrillSteps() {
    }

    public static Next next(LiveDrill d, World w, Instant now, Duration watchTimeout) {
        Optional<LiveScenario> scenario = LiveScenario.of(d.scenario());
        if (scenario.isEmpty()) {
            return new Next(finish(d, now, "not started: live drills here run " + LiveScenario.names() + "; "
                    + d.scenario() + " runs with ./dr drill on the local platform"), false);
        }
        LiveScenario s = scenario.get();
        return switch (d.phase()) {
            case REQUESTED -> start(s, d, w, now);
            case BREAKING -> new Next(d.moved(Phase.BROKEN, d.detail()), w.primary().filter(d.target()::equals)
                    .isPresent() && w.primaryWritable());
            case BROKEN -> w.incident().map(i -> new Next(detected(d, i), false))
                    .orElseGet(() -> late(d, now, watchTimeout, "the outage was not detected"));
            case DETECTED -> recovered(w) ? new Next(recoveredAt(s, d, w), false)
                    : late(d, now, watchTimeout, s.notServing() + " with the incident resolved");
            case RECOVERED -> w.standbyStreaming() ? new Next(finish(d, now, true, "ready for the next failure: "
                    + ready(s, w)), false)
                    : late(d, now, watchTimeout, "recovered, but " + s.notReady() + " again: the platform is not "
                            + "ready for the next failure");
            case FINISHED -> new Next(d, false);
        };
    }

    /** Before anything is broken: a drill only starts on a platform that can recover from it. */
    private static Next start(LiveScenario s, LiveDrill d, World w, Instant now) {
        String refusal = null;
        if (w.primary().isEmpty() || !w.primaryWritable()) {
            refusal = "not started: " + s.notServing();
        } else if (!w.standbyStreaming()) {
            refusal = "not started: " + s.notReady() + ", so breaking " + s.thing() + " would be an outage, not a "
                    + "drill";
        } else if (w.incidentOpen()) {
            refusal = "not started: a " + s.component() + " incident is open";
        }
        if (refusal != null) {
            return new Next(finish(d, now, refusal), false);
        }
        String primary = w.primary().orElseThrow();
        return new Next(d.breaking(primary, now, "breaking " + s.thing() + " " + primary), false);
    }

    private static boolean recovered(World w) {
        return w.incident().map(Incident::resolvedAt).isPresent() && w.primary().isPresent() && w.primaryWritable();
    }

    private static LiveDrill detected(LiveDrill d, Incident i) {
        return d.detected(i.incidentId(), i.detectedAt(), "detected as incident " + i.incidentId());
    }

    private static String ready(LiveScenario s, World w) {
        return s == LiveScenario.DATABASE_FAILURE ? "a standby streams from " + w.primary().orElse("?")
                : "the cache answers at " + w.primary().orElse("?");
    }

    private static LiveDrill recoveredAt(LiveScenario s, LiveDrill d, World w) {
        Instant resolved = w.incident().map(Incident::resolvedAt).orElseThrow();
        String primary = w.primary().orElseThrow();
        String how;
        if (s != LiveScenario.DATABASE_FAILURE) {
            how = s.thing() + " " + primary + " serves again";
        } else {
            how = primary.equals(d.target()) ? "the broken primary came back writable (no failover)"
                    : "promoted " + primary;
        }
        return d.recovered(resolved.isBefore(d.detectedAt()) ? d.detectedAt() : resolved, how);
    }

    private static Next late(LiveDrill d, Instant now, Duration watchTimeout, String what) {
        if (now.isBefore(d.brokenAt().plus(watchTimeout))) {
            return new Next(d, false);
        }
        return new Next(finish(d, now, what + " within " + watchTimeout + " of the break"), false);
    }

    private static LiveDrill finish(LiveDrill d, Instant now, String detail) {
        return finish(d, now, false, detail);
    }

    private static LiveDrill finish(LiveDrill d, Instant now, boolean ready, String detail) {
        return d.finished(now, ready, detail);
    }

    /** Whether a finished drill met everything: broken, detected, recovered within {@code rto}, ready again. */
    public static boolean passed(LiveDrill d, Duration rto) {
        return d.phase() == Phase.FINISHED && d.ready() && d.recoveredAt() != null
                && Duration.between(d.brokenAt(), d.recoveredAt()).compareTo(rto) <= 0;
    }
}
