package org.efp.dr.metrics.rest;

import java.time.Instant;

/**
 * One bar of the recovery report: an incident or drill, how long recovery took (or has taken so far) and the RTO
 * it is held against. {@code percent} is the share of the objective used, capped at 100 for drawing.
 */
public record TimelineRow(String kind, String id, String label, Instant startedAt, long seconds, Long objectiveSeconds,
        boolean finished, Boolean met, String detail) {

    public long percent() {
        if (objectiveSeconds == null || objectiveSeconds == 0) {
            return 100;
        }
        return Math.min(100, seconds * 100 / objectiveSeconds);
    }

    public String duration() {
        return format(seconds);
    }

    public String objective() {
        return objectiveSeconds == null ? "-" : format(objectiveSeconds);
    }

    public String verdict() {
        if (met == null) {
            return finished ? "no objective" : "in progress";
        }
        return met ? "met" : "missed";
    }

    static String format(long seconds) {
        return seconds >= 3600 ? "%dh %02dm".formatted(seconds / 3600, seconds % 3600 / 60)
                : "%dm %02ds".formatted(seconds / 60, seconds % 60);
    }
}
