package org.efp.dr.drctl;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Recovery drills run by restore-service. */
@Command(name = "drill", description = "Run, list and describe recovery drills (restore-service).",
        subcommands = { DrillCommand.Run.class, DrillCommand.ListDrills.class, DrillCommand.Describe.class })
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

    @Command(name = "list", description = "The newest drills and what they measured.")
    static final class ListDrills extends Verb {
        @Option(names = "--limit", defaultValue = "20", description = "at most this many (1-1000, default: "
                + "${DEFAULT-VALUE})")
        int limit;

        @Override
        int execute() {
            if (limit < 1 || limit > 1000) {
                throw usage("--limit must be between 1 and 1000, was " + limit);
            }
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
}
