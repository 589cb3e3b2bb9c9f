package org.efp.dr.metrics.rest;

import java.time.Clock;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.efp.dr.metrics.drill.DrillHistory;
import org.efp.dr.common.text.Units;

/**
 * The live drills' page (the guide's generate_test_report over time): per scenario the last runs with their
 * measured detect/respond/recover times and data lost against the RTO and RPO, the margin left, the newest run's
 * timeline and notifications, and the largest database each RTO holds.
 */
@Path("/reports/drills")
@RolesAllowed({ "viewer", "operator" })
public class DrillTrendsResource {

    private final DrillHistory history;
    private final ObjectMapper json;
    private final Clock clock;

    public DrillTrendsResource(DrillHistory history, ObjectMapper json, Clock clock) {
        this.history = history;
        this.json = json;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String page(@QueryParam("runs") @DefaultValue("10") String runs) {
        int last = Requests.limit(runs);
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                + "<title>Recovery drills</title><style>body{font-family:sans-serif;margin:2em}"
                + "table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:4px 8px;"
                + "text-align:left}.PASSED{color:#070}.MISSED,.FAILED,.NOT_DETECTED{color:#b00;font-weight:bold}"
                + "</style></head><body><h1>Recovery drills</h1><p>Generated ").append(clock.instant())
                .append(". Each drill breaks the running platform and measures how it heals against the guide's RTO "
                        + "and RPO.</p>");
        List<String> scenarios = history.liveScenarios();
        if (scenarios.isEmpty()) {
            html.append("<p>No live drill yet: run <code>./dr drill database</code>.</p>");
        }
        for (String scenario : scenarios) {
            List<JsonNode> reports = history.liveReports(scenario, last).stream().map(this::parse).toList();
            html.append("<h2>").append(Units.html(scenario)).append("</h2>");
            JsonNode newest = reports.get(0);
            html.append("<p>RTO ").append(duration(newest.path("rtoObjectiveSeconds"))).append(", RPO ")
                    .append(duration(newest.path("rpoObjectiveSeconds"))).append(". Last ").append(reports.size())
                    .append(" run(s): ").append(reports.stream().filter(r -> "PASSED".equals(r.path("outcome")
                            .asText())).count()).append(" passed; time to recover ")
                    .append(trend(reports)).append(".</p>");
            html.append("<table><tr><th>started</th><th>outcome</th><th>detect</th><th>respond</th><th>recover</th>"
                    + "<th>RTO margin</th><th>data lost</th><th>acknowledged commits lost</th><th>RPO margin</th>"
                    + "<th>drill</th></tr>");
            for (JsonNode r : reports) {
                String outcome = r.path("outcome").asText();
                html.append("<tr><td>").append(Units.html(r.path("startedAt").asText())).append("</td><td class=\"")
                        .append(Units.html(outcome)).append("\">").append(Units.html(outcome)).append("</td><td>")
                        .append(duration(r.path("timeToDetectSeconds"))).append("</td><td>")
                        .append(duration(r.path("timeToRespondSeconds"))).append("</td><td>")
                        .append(duration(r.path("timeToRecoverSeconds"))).append("</td><td>")
                        .append(duration(r.path("rtoMarginSeconds"))).append("</td><td>")
                        .append(duration(r.path("dataLossSeconds"))).append("</td><td>")
                        .append(r.path("lostCommits").isNumber() ? r.path("lostCommits").asLong() + " of "
                                + r.path("acknowledgedCommits").asLong() : "-")
                        .append("</td><td>").append(duration(r.path("rpoMarginSeconds"))).append("</td><td>")
                        .append(Units.html(r.path("drillId").asText())).append("</td></tr>");
            }
            html.append("</table>");
            if (newest.path("detail").isTextual()) {
                html.append("<p>").append(Units.html(newest.path("detail").asText())).append("</p>");
            }
            html.append("<h3>Newest run's timeline</h3><table><tr><th>+seconds</th><th>step</th><th>at</th></tr>");
            for (JsonNode step : newest.path("timeline")) {
                html.append("<tr><td>").append(String.format("%.1f", step.path("elapsedSeconds").asDouble()))
                        .append("</td><td>").append(Units.html(step.path("step").asText())).append("</td><td>")
                        .append(Units.html(step.path("at").asText())).append("</td></tr>");
            }
            html.append("</table><h3>Notifications sent</h3>");
            if (newest.path("notifications").isEmpty()) {
                html.append("<p>none recorded for the incident</p>");
            } else {
                html.append("<table><tr><th>channel</th><th>recipient</th><th>subject</th><th>status</th></tr>");
                for (JsonNode n : newest.path("notifications")) {
                    html.append("<tr><td>").append(Units.html(n.path("channel").asText())).append("</td><td>")
                            .append(Units.html(n.path("recipient").asText())).append("</td><td>")
                            .append(Units.html(n.path("subject").asText())).append("</td><td>")
                            .append(Units.html(n.path("status").asText())).append("</td></tr>");
                }
                html.append("</table>");
            }
        }
        html.append("<h2>Capacity per objective</h2>");
        List<DrillHistory.Capacity> capacities = history.capacities();
        if (capacities.isEmpty()) {
            html.append("<p>Not known: no drill has reported a measured restore throughput.</p>");
        } else {
            html.append("<table><tr><th>component</th><th>RTO</th><th>restore throughput</th>"
                    + "<th>largest database the RTO holds</th><th>measured by</th></tr>");
            for (DrillHistory.Capacity c : capacities) {
                html.append("<tr><td>").append(Units.html(c.component())).append("</td><td>")
                        .append(duration(json.getNodeFactory().numberNode(c.rtoObjectiveSeconds()))).append("</td><td>")
                        .append(Units.size(c.throughputBytesPerSecond())).append("/s</td><td>")
                        .append(Units.size(c.maxDatabaseBytes())).append("</td><td>")
                        .append(Units.html(c.drillId())).append(" at ").append(c.measuredAt()).append("</td></tr>");
            }
            html.append("</table>");
        }
        return html.append("</body></html>").toString();
    }

    private JsonNode parse(String report) {
        try {
            return json.readTree(report);
        } catch (JsonProcessingException e) {
            return json.createObjectNode().put("outcome", "UNREADABLE");
        }
    }

    /** Time to recover across runs, oldest to newest (e.g. "41s → 38s → 35s"). */
    private static String trend(List<JsonNode> newestFirst) {
        StringBuilder out = new StringBuilder();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            out.append(duration(newestFirst.get(i).path("timeToRecoverSeconds")));
            if (i > 0) {
                out.append(" → ");
            }
        }
        return out.toString();
    }

    static String duration(JsonNode seconds) {
        return Units.seconds(seconds.isNumber() ? seconds.asLong() : null);
    }

}
