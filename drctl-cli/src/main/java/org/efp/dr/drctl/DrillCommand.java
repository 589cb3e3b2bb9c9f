package org.efp.dr.drctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Recovery drills run by restore-service. */
@Command(name = "drill", description = "Run, list and describe recovery drills (restore-service); report them "
        + "against the RTO and RPO (metrics-service).",
        subcommands = { DrillCommand.Run.class, DrillCommand.Live.class, DrillCommand.ListDrills.class,
            DrillCommand.Describe.class, DrillCommand.Report.class })
final class DrillCommand extends Verb.Group {

    static final Set<String> RUNNING = Set.of("QUEUED", "RUNNING");

    static List<Output.Column> columns() {
        return List.of(Output.Column.of("ID", "/drillId"), Output.Column.of("SCENARIO", "/scenario"),
                Output.Column.of("TARGET", "/target"), Output.Column.of("STATUS", "/status"),
                Output.Column.of("SUCCESS", "/success"), Output.Column.of("RTO(S)", "/measuredRtoSeconds"),
                Output.Column.of("RPO(S)", "/measuredRpoSeconds"), Output.Column.of("COMPLETED", "/completedAt"));
    }

    @Command(name = "run", description = "Ask for a drill now; with --wait follow it (exit 1 unless it succeeded).")
    static final class Run extends Verb {
        @Option(names = "--scenario", required = true, paramLabel = "SCENARIO",
                description = "database_recovery or model_recovery")
        String scenario;

        @Option(names = "--target", paramLabel = "DATABASE", description = "energy_forecast or timeseries")
        String target;

        @Option(names = "--mode", paramLabel = "MODE", description = "physical, logical or auto")
        String mode;

        @Option(names = "--wait", description = "follow the drill until it ends")
        boolean await;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2h", converter = DurationConverter.class,
                description = "how long --wait waits (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Override
        int execute() {
            if (!Set.of("database_recovery", "model_recovery").contains(scenario)) {
                throw usage("--scenario must be database_recovery or model_recovery, was '" + scenario + "'");
            }
            if (mode != null && !Set.of("physical", "logical", "auto").contains(mode)) {
                throw usage("--mode must be physical, logical or auto, was '" + mode + "'");
            }
            ObjectNode body = Api.JSON.createObjectNode().put("scenario", scenario);
            if (target != null) {
                body.put("target", target);
            }
            if (mode != null) {
                body.put("mode", mode);
            }
            JsonNode queued = api().post(Service.RESTORE, "/drills", body);
            if (!await) {
                print(queued, Output::fields);
                return DrctlException.OK;
            }
            String id = queued.path("drillId").asText();
            JsonNode drill = await("drill " + id, () -> {
                try {
                    return api().get(Service.RESTORE, "/drills/" + Api.segment(id, "drill id"));
                } catch (DrctlException e) {
                    if (e.exitCode() == DrctlException.NOT_FOUND) {
                        return null; // not recorded until it starts
                    }
                    throw e;
                }
            }, d -> !RUNNING.contains(d.path("status").asText()), d -> "drill " + id + ": "
                    + d.path("status").asText(), timeout, Duration.ofSeconds(2));
            print(drill, Output::fields);
            return drill.path("success").asBoolean() ? DrctlException.OK : DrctlException.FAILED;
        }
    }

    /**
     * failover-service's live drill: the primary (or the cache) broken for real where the environment turned live
     * drills on.
     */
    @Command(name = "live", description = {
        "Start a live drill (failover-service; only where dr.failover.live-drills.enabled, e.g. staging): the "
                + "database primary (database_failure) or the cache (cache_failure) is broken for real, then the "
                + "platform must detect and recover by itself and be ready for the next failure; with --wait follow "
                + "it.",
        "Exit 1 unless it ended with the platform recovered and ready for the next failure." })
    static final class Live extends Verb {
        @Option(names = "--scenario", defaultValue = "database_failure", paramLabel = "SCENARIO",
                description = "database_failure or cache_failure (default: ${DEFAULT-VALUE})")
        String scenario;

        @Option(names = "--wait", description = "follow the drill until it ends")
        boolean await;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
                description = "how long --wait waits (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Override
        int execute() {
            name(scenario, "--scenario");
            JsonNode started = api().post(Service.FAILOVER, "/api/v1/live-drills",
                    Api.JSON.createObjectNode().put("scenario", scenario));
            if (!await) {
                print(started, Output::fields);
                return DrctlException.OK;
            }
            String id = started.path("drillId").asText();
            JsonNode drill = await("live drill " + id,
                    () -> api().get(Service.FAILOVER, "/api/v1/live-drills/" + Api.segment(id, "drill id")),
                    d -> "FINISHED".equals(d.path("phase").asText()), d -> "live drill " + id + ": "
                            + d.path("phase").asText() + " - " + Output.text(d.path("detail")), timeout,
                    Duration.ofSeconds(2));
            print(drill, Output::fields);
            return drill.path("ready").asBoolean() ? DrctlException.OK : DrctlException.FAILED;
        }
    }

    @Command(name = "list", description = "The newest drills and what they measured.")
    static final class ListDrills extends Verb {
        @Option(names = "--limit", defaultValue = "20", description = "at most this many (1-1000, default: "
                + "${DEFAULT-VALUE})")
        int limit;

        @Override
        int execute() {
            limit(limit, 1000);
            print(api().get(Service.RESTORE, "/drills?limit=" + limit), rows -> Output.table(rows, columns()));
            return DrctlException.OK;
        }
    }

    @Command(name = "describe", description = "One drill: scenario, backup restored, measured RTO and RPO.")
    static final class Describe extends Verb {
        @Parameters(paramLabel = "DRILL_ID")
        String id;

        @Override
        int execute() {
            print(api().get(Service.RESTORE, "/drills/" + Api.segment(id, "drill id")), Output::fields);
            return DrctlException.OK;
        }
    }

    /**
     * metrics-service's drill reports (the guide's generate_test_report): each drill's measured RTO and RPO against
     * the objectives it ran under, its verdict and the margin left. JSON and YAML show metrics-service's documents
     * as they are; the table adds the verdict and the margins.
     */
    @Command(name = "report", description = {
        "The drill reports of metrics-service, per scenario newest first: measured RTO and RPO against the "
                + "guide's objectives, verdict (PASSED, MISSED, FAILED or UNMEASURED) and margin left; with "
                + "DRILL_ID one drill's report.",
        "Exit 1 when the drill asked for, or the newest drill of a scenario, failed or missed an objective." })
    static final class Report extends Verb {
        @Parameters(paramLabel = "DRILL_ID", arity = "0..1", description = "one drill (default: the history)")
        String id;

        @Option(names = "--scenario", paramLabel = "SCENARIO", description = "only this scenario's drills")
        String scenario;

        @Option(names = "--limit", defaultValue = "100", description = "at most this many drills (1-1000, default: "
                + "${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--html", paramLabel = "FILE", description = "also write metrics-service's live drills page "
                + "(/reports/drills: every scenario's last runs, timeline, capacity) to FILE")
        Path html;

        @Override
        int execute() {
            String path;
            if (id != null) {
                if (scenario != null) {
                    throw usage("--scenario lists the history; give it or a DRILL_ID, not both");
                }
                path = "/drills/" + Api.segment(id, "drill id");
            } else {
                limit(limit, 1000);
                if (scenario != null) {
                    name(scenario, "--scenario");
                }
                path = "/drills?limit=" + limit + (scenario == null ? "" : "&scenario=" + Api.query(scenario));
            }
            if (html != null && (Files.isDirectory(html) || html.toAbsolutePath().getParent() == null
                    || !Files.isDirectory(html.toAbsolutePath().getParent()))) {
                throw usage("--html must name a file in an existing directory, was " + html);
            }
            JsonNode answer = api().get(Service.METRICS, path);
            List<JsonNode> judged = new ArrayList<>();
            if (id != null) {
                judged.add(answer);
                print(answer, report -> Output.fields(withVerdict(report)));
            } else {
                judged.addAll(newestPerScenario(answer.path("reports")));
                print(answer, Report::history);
            }
            if (html != null) {
                String page = api().html(Service.METRICS, "/reports/drills");
                try {
                    Files.writeString(html, page);
                } catch (IOException e) {
                    throw new DrctlException(DrctlException.FAILED, "cannot write " + html + ": " + e.getMessage());
                }
                progress("wrote metrics-service's drills page to " + html);
            }
            int exit = DrctlException.OK;
            for (JsonNode report : judged) {
                String verdict = verdict(report);
                if ("FAILED".equals(verdict) || "MISSED".equals(verdict)) {
                    root().err.println("drctl: " + report.path("scenario").asText() + " drill "
                            + report.path("drillId").asText() + " " + verdict + (verdict.equals("FAILED") ? ": "
                                    + Output.text(report.path("error")) : " its " + missed(report)));
                    exit = DrctlException.FAILED;
                }
            }
            root().err.flush();
            return exit;
        }

        /** The first report of each scenario: the newest, as metrics-service lists them newest first. */
        static List<JsonNode> newestPerScenario(JsonNode reports) {
            Set<String> seen = new HashSet<>();
            List<JsonNode> newest = new ArrayList<>();
            reports.forEach(r -> {
                if (seen.add(r.path("scenario").asText())) {
                    newest.add(r);
                }
            });
            return newest;
        }

        /** FAILED (the drill did not succeed), MISSED (an objective), PASSED, or UNMEASURED (nothing to judge). */
        static String verdict(JsonNode report) {
            if (!report.path("success").asBoolean()) {
                return "FAILED";
            }
            if (report.path("rtoMet").isBoolean() && !report.path("rtoMet").asBoolean()
                    || report.path("rpoMet").isBoolean() && !report.path("rpoMet").asBoolean()) {
                return "MISSED";
            }
            return report.path("rtoMet").asBoolean() || report.path("rpoMet").asBoolean() ? "PASSED" : "UNMEASURED";
        }

        private static String missed(JsonNode report) {
            List<String> missed = new ArrayList<>();
            if (report.path("rtoMet").isBoolean() && !report.path("rtoMet").asBoolean()) {
                missed.add("RTO (" + measured(report, "Rto") + ")");
            }
            if (report.path("rpoMet").isBoolean() && !report.path("rpoMet").asBoolean()) {
                missed.add("RPO (" + measured(report, "Rpo") + ")");
            }
            return String.join(" and ", missed);
        }

        /** "42s of 15m": the measured value against the objective ({@code which} is Rto or Rpo). */
        static String measured(JsonNode report, String which) {
            return seconds(report.path("measured" + which + "Seconds")) + " of "
                    + seconds(report.path(which.toLowerCase() + "ObjectiveSeconds"));
        }

        /** The objective less the measured value, "+14m18s" or "-2m"; "-" when either is unknown. */
        static String margin(JsonNode report, String which) {
            JsonNode measured = report.path("measured" + which + "Seconds");
            JsonNode objective = report.path(which.toLowerCase() + "ObjectiveSeconds");
            if (!measured.isNumber() || !objective.isNumber()) {
                return "-";
            }
            long left = objective.asLong() - measured.asLong();
            return (left < 0 ? "-" : "+") + Output.duration(Duration.ofSeconds(Math.abs(left)));
        }

        private static String seconds(JsonNode seconds) {
            return seconds.isNumber() ? Output.duration(Duration.ofSeconds(seconds.asLong())) : "-";
        }

        /** One drill's report with the verdict and the margins the table shows. */
        static JsonNode withVerdict(JsonNode report) {
            ObjectNode shown = report.deepCopy();
            shown.put("verdict", verdict(report));
            shown.put("rtoMargin", margin(report, "Rto"));
            shown.put("rpoMargin", margin(report, "Rpo"));
            return shown;
        }

        /** "N drills, M succeeded", then the reports grouped by scenario, each scenario newest first. */
        static String history(JsonNode history) {
            List<JsonNode> rows = new ArrayList<>();
            history.path("reports").forEach(rows::add);
            rows.sort(Comparator.comparing(r -> r.path("scenario").asText())); // stable: newest first stays
            ArrayNode sorted = Api.JSON.createArrayNode().addAll(rows);
            String summary = history.path("drills").asInt() + " drill(s), " + history.path("succeeded").asLong()
                    + " succeeded\n";
            return summary + Output.table(sorted, List.of(Output.Column.of("SCENARIO", "/scenario"),
                    Output.Column.of("DRILL", "/drillId"), Output.Column.of("TYPE", "/type"),
                    Output.Column.of("COMPLETED", "/completedAt"),
                    new Output.Column("RTO", r -> measured(r, "Rto")),
                    new Output.Column("RTO MARGIN", r -> margin(r, "Rto")),
                    new Output.Column("RPO", r -> measured(r, "Rpo")),
                    new Output.Column("RPO MARGIN", r -> margin(r, "Rpo")),
                    new Output.Column("VERDICT", Report::verdict)));
        }
    }
}
