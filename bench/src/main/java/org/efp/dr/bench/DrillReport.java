package org.efp.dr.bench;

import static org.efp.dr.common.text.Units.seconds;
import static org.efp.dr.common.text.Units.size;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.efp.dr.common.text.Units;

/**
 * The guide's generate_test_report(results): every scenario of one live drill run with its verdict, and the capacity
 * per objective (the largest database each RTO holds at the restore throughput the latest restore drills measured),
 * as JSON, as an HTML page and as the table ./dr drill prints.
 */
record DrillReport(String runId, Instant startedAt, Instant completedAt, List<DrillResult> scenarios,
        List<Capacity> capacity, String capacityNote) {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The largest database {@code component}'s RTO holds: {@code restoredBytes} restored in {@code restoreSeconds} by
     * drill {@code drillId}, scaled to the RTO.
     */
    record Capacity(String component, String drillId, long restoredBytes, long restoreSeconds,
            double throughputBytesPerSecond, long rtoObjectiveSeconds, long maxDatabaseBytes) {

        static Capacity of(String component, String drillId, long restoredBytes, long restoreSeconds,
                long rtoObjectiveSeconds) {
            double throughput = (double) restoredBytes / Math.max(1, restoreSeconds);
            return new Capacity(component, drillId, restoredBytes, restoreSeconds, throughput, rtoObjectiveSeconds,
                    (long) Math.floor(throughput * rtoObjectiveSeconds));
        }
    }

    /** Below this, a restore's fixed costs (scratch server, verification) dominate its measured throughput. */
    static final long SMALL_RESTORE_BYTES = 100_000_000L;
    static final String SMALL_RESTORE_NOTE = "measured on a restore under 100 MB: fixed costs dominate, so this "
            + "understates throughput; a drill of a production-sized database gives the real figure";

    DrillReport {
        scenarios = List.copyOf(scenarios);
        capacity = List.copyOf(capacity);
    }

    boolean allPassed() {
        return !scenarios.isEmpty() && scenarios.stream().allMatch(DrillResult::passed);
    }

    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the drill report", e);
        }
    }

    /** The verdict table: one row per scenario. */
    String table() {
        StringBuilder out = new StringBuilder(String.format("%-17s %-12s %7s %8s %8s %7s %9s %9s %-14s %6s %9s%n",
                "scenario", "outcome", "detect", "respond", "recover", "RTO", "margin", "data lost",
                "commits lost", "RPO", "margin"));
        for (DrillResult r : scenarios) {
            out.append(String.format("%-17s %-12s %7s %8s %8s %7s %9s %9s %-14s %6s %9s%n", r.scenario(), r.outcome(),
                    seconds(r.timeToDetectSeconds()), seconds(r.timeToRespondSeconds()),
                    seconds(r.timeToRecoverSeconds()), seconds(r.rtoObjectiveSeconds()),
                    seconds(r.rtoMarginSeconds()), seconds(r.dataLossSeconds()),
                    r.lostCommits() == null ? "-" : r.lostCommits() + " of " + r.acknowledgedCommits(),
                    r.rpoObjectiveSeconds() == null ? "n/a" : seconds(r.rpoObjectiveSeconds()),
                    seconds(r.rpoMarginSeconds())));
            if (r.detail() != null) {
                out.append("  ").append(r.detail()).append('\n');
            }
        }
        if (capacity.isEmpty()) {
            out.append("capacity: ").append(capacityNote).append('\n');
        }
        for (Capacity c : capacity) {
            out.append(String.format("capacity: %s restores %s/s (drill %s: %s in %ds): its RTO of %s holds a "
                    + "database of up to %s%n", c.component(), size(c.throughputBytesPerSecond()), c.drillId(),
                    size(c.restoredBytes()), c.restoreSeconds(), seconds(c.rtoObjectiveSeconds()),
                    size(c.maxDatabaseBytes())));
            if (c.restoredBytes() < SMALL_RESTORE_BYTES) {
                out.append("  ").append(SMALL_RESTORE_NOTE).append('\n');
            }
        }
        return out.toString();
    }

    String html() {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Recovery "
                + "drill ").append(Units.html(runId)).append("</title><style>body{font-family:sans-serif;margin:2em}"
                + "table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:4px 8px}"
                + ".PASSED{color:#070}.MISSED,.FAILED,.NOT_DETECTED{color:#b00;font-weight:bold}</style></head><body>")
                .append("<h1>Recovery drill ").append(Units.html(runId)).append("</h1><p>").append(startedAt).append(" to ")
                .append(completedAt).append("</p><table><tr><th>scenario</th><th>outcome</th><th>detect</th>"
                        + "<th>respond</th><th>recover</th><th>RTO</th><th>RTO margin</th><th>data lost</th>"
                        + "<th>acknowledged commits lost</th><th>RPO</th><th>RPO margin</th><th>incident</th></tr>");
        for (DrillResult r : scenarios) {
            html.append("<tr><td>").append(Units.html(r.scenario())).append("</td><td class=\"").append(r.outcome())
                    .append("\">").append(r.outcome()).append("</td><td>").append(seconds(r.timeToDetectSeconds()))
                    .append("</td><td>").append(seconds(r.timeToRespondSeconds())).append("</td><td>")
                    .append(seconds(r.timeToRecoverSeconds())).append("</td><td>")
                    .append(seconds(r.rtoObjectiveSeconds())).append("</td><td>").append(seconds(r.rtoMarginSeconds()))
                    .append("</td><td>").append(seconds(r.dataLossSeconds())).append("</td><td>")
                    .append(r.lostCommits() == null ? "-" : r.lostCommits() + " of " + r.acknowledgedCommits())
                    .append("</td><td>").append(r.rpoObjectiveSeconds() == null ? "n/a"
                            : seconds(r.rpoObjectiveSeconds())).append("</td><td>")
                    .append(seconds(r.rpoMarginSeconds())).append("</td><td>")
                    .append(Units.html(String.valueOf(r.incidentId()))).append("</td></tr>");
        }
        html.append("</table>");
        for (DrillResult r : scenarios) {
            html.append("<h2>").append(Units.html(r.scenario())).append(": ").append(r.outcome()).append("</h2>");
            if (r.detail() != null) {
                html.append("<p>").append(Units.html(r.detail())).append("</p>");
            }
            html.append("<table><tr><th>+seconds</th><th>step</th><th>at</th></tr>");
            for (DrillResult.Step s : r.timeline()) {
                html.append("<tr><td>").append(String.format("%.1f", s.elapsedSeconds())).append("</td><td>")
                        .append(Units.html(s.step())).append("</td><td>").append(s.at()).append("</td></tr>");
            }
            html.append("</table><h3>Notifications sent</h3>");
            if (r.notifications().isEmpty()) {
                html.append("<p>none recorded for the incident</p>");
            } else {
                html.append("<table><tr><th>channel</th><th>recipient</th><th>subject</th><th>status</th></tr>");
                for (DrillResult.Notification n : r.notifications()) {
                    html.append("<tr><td>").append(Units.html(n.channel())).append("</td><td>").append(Units.html(n.recipient()))
                            .append("</td><td>").append(Units.html(n.subject())).append("</td><td>").append(Units.html(n.status()))
                            .append("</td></tr>");
                }
                html.append("</table>");
            }
        }
        html.append("<h2>Capacity per objective</h2>");
        if (capacity.isEmpty()) {
            html.append("<p>").append(Units.html(capacityNote)).append("</p>");
        } else {
            html.append("<table><tr><th>component</th><th>RTO</th><th>restore throughput</th><th>measured by</th>"
                    + "<th>largest database the RTO holds</th></tr>");
            for (Capacity c : capacity) {
                html.append("<tr><td>").append(Units.html(c.component())).append("</td><td>")
                        .append(seconds(c.rtoObjectiveSeconds())).append("</td><td>")
                        .append(size(c.throughputBytesPerSecond())).append("/s</td><td>")
                        .append(Units.html(c.drillId())).append(": ").append(size(c.restoredBytes())).append(" in ")
                        .append(c.restoreSeconds()).append("s</td><td>").append(size(c.maxDatabaseBytes()))
                        .append(c.restoredBytes() < SMALL_RESTORE_BYTES ? " (" + SMALL_RESTORE_NOTE + ")" : "")
                        .append("</td></tr>");
            }
            html.append("</table>");
        }
        return html.append("</body></html>").toString();
    }
}
