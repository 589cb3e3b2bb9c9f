package org.efp.dr.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One scenario of a live drill (the guide's conduct_recovery_test()), as measured: the guide's RTO and RPO for the
 * component, what the platform measured (detect, respond, recover), the data lost (seconds and acknowledged
 * commits), the verdict with its margins, the timeline the drill watched and the notifications sent.
 *
 * <p>The verdict: {@code NOT_DETECTED} when the platform never noticed the failure, {@code FAILED} when it noticed
 * but recovery was not measured or something the scenario requires did not happen (with {@code detail} saying why),
 * {@code MISSED} when recovery took longer than the RTO or lost more than the RPO, else {@code PASSED}. Margins are objective minus measured (negative: missed by).
 */
record DrillResult(String drillId, String scenario, String component, Instant startedAt, Instant completedAt,
        Outcome outcome, Long rtoObjectiveSeconds, Long rpoObjectiveSeconds, String incidentId,
        Long timeToDetectSeconds, Long timeToRespondSeconds, Long timeToRecoverSeconds, Long dataLossSeconds,
        Long acknowledgedCommits, Long lostCommits, Long rtoMarginSeconds, Long rpoMarginSeconds, String detail,
        List<Step> timeline, List<Notification> notifications) {

    enum Outcome {
        PASSED, MISSED, FAILED, NOT_DETECTED
    }

    /** A moment of the drill: what happened, when, and how long after the failure was caused. */
    record Step(String step, Instant at, double elapsedSeconds) {
    }

    /** A notification the platform sent about the incident. */
    record Notification(String channel, String recipient, String subject, String status) {
    }

    /** What a scenario measured, before it is judged. */
    record Measured(String incidentId, Long timeToDetectSeconds, Long timeToRespondSeconds,
            Long timeToRecoverSeconds, Long dataLossSeconds, Long acknowledgedCommits, Long lostCommits,
            String failure) {
    }

    DrillResult {
        timeline = List.copyOf(timeline);
        notifications = List.copyOf(notifications);
    }

    /** Judges {@code measured} against the component's RTO and RPO ({@code rpo} null: no bounded RPO). */
    static DrillResult judge(String drillId, String scenario, String component, Instant startedAt,
            Instant completedAt, Duration rto, Duration rpo, Measured measured, List<Step> timeline,
            List<Notification> notifications) {
        Long rtoSeconds = rto == null ? null : rto.toSeconds();
        Long rpoSeconds = rpo == null ? null : rpo.toSeconds();
        Long rtoMargin = rtoSeconds == null || measured.timeToRecoverSeconds() == null ? null
                : rtoSeconds - measured.timeToRecoverSeconds();
        Long rpoMargin = rpoSeconds == null || measured.dataLossSeconds() == null ? null
                : rpoSeconds - measured.dataLossSeconds();
        Outcome outcome;
        String detail;
        if (measured.incidentId() == null || measured.timeToDetectSeconds() == null) {
            outcome = Outcome.NOT_DETECTED;
            detail = measured.failure() != null ? measured.failure() : "the platform did not detect the failure";
        } else if (measured.timeToRecoverSeconds() == null) {
            outcome = Outcome.FAILED;
            detail = measured.failure() != null ? measured.failure() : "recovery was not measured";
        } else {
            boolean rtoMet = rtoMargin == null || rtoMargin >= 0;
            boolean rpoMet = rpoMargin == null || rpoMargin >= 0;
            // Back in time but something the scenario requires is not (say, no standby rebuilt for the next
            // failure): not a pass.
            outcome = !rtoMet || !rpoMet ? Outcome.MISSED
                    : measured.failure() != null ? Outcome.FAILED : Outcome.PASSED;
            StringBuilder why = new StringBuilder();
            if (!rtoMet) {
                why.append("recovery took ").append(measured.timeToRecoverSeconds()).append("s, RTO is ")
                        .append(rtoSeconds).append('s');
            }
            if (!rpoMet) {
                why.append(why.isEmpty() ? "" : "; ").append(measured.dataLossSeconds()).append("s of data lost, RPO is ")
                        .append(rpoSeconds).append('s');
            }
            if (measured.failure() != null) {
                why.append(why.isEmpty() ? "" : "; ").append(measured.failure());
            }
            detail = why.isEmpty() ? null : why.toString();
        }
        return new DrillResult(drillId, scenario, component, startedAt, completedAt, outcome, rtoSeconds, rpoSeconds,
                measured.incidentId(), measured.timeToDetectSeconds(), measured.timeToRespondSeconds(),
                measured.timeToRecoverSeconds(), measured.dataLossSeconds(), measured.acknowledgedCommits(),
                measured.lostCommits(), rtoMargin, rpoMargin, detail, timeline, notifications);
    }

    /** This result with another verdict (a scenario that judges more than one objective). */
    DrillResult withOutcome(Outcome verdict) {
        return new DrillResult(drillId, scenario, component, startedAt, completedAt, verdict, rtoObjectiveSeconds,
                rpoObjectiveSeconds, incidentId, timeToDetectSeconds, timeToRespondSeconds, timeToRecoverSeconds,
                dataLossSeconds, acknowledgedCommits, lostCommits, rtoMarginSeconds, rpoMarginSeconds, detail,
                timeline, notifications);
    }

    boolean passed() {
        return outcome == Outcome.PASSED;
    }
}
