package org.efp.dr.drctl;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Restores by restore-service: create (and follow), describe, list (all, or those of an incident). */
@Command(name = "restore", description = "Create, describe and list restores (restore-service).",
        subcommands = { RestoreCommand.Create.class, RestoreCommand.Describe.class, RestoreCommand.ListRestores.class })
final class RestoreCommand extends Verb.Group {

    static final Set<String> RUNNING = Set.of("QUEUED", "RUNNING");

    /** What to restore. */
    enum What {
        database, models
    }

    @Command(name = "create", description = "Queue a restore of a database (default) or of the models; with --wait "
            + "follow it to SUCCEEDED (exit 0) or FAILED (exit 1).")
    static final class Create extends Verb {
        @Option(names = "--what", defaultValue = "database", paramLabel = "WHAT",
                description = "database or models (default: ${DEFAULT-VALUE})")
        What what;

        @Option(names = "--target", paramLabel = "TARGET", description = "the database (e.g. energy_forecast)")
        String target;

        @Option(names = "--backup", paramLabel = "BACKUP_ID", description = "restore this backup (default: the newest "
                + "good one)")
        String backupId;

        @Option(names = "--point-in-time", paramLabel = "INSTANT", description = "recover to this time, "
                + "e.g. 2026-12-01T05:00:00Z")
        String pointInTime;

        @Option(names = "--incident", paramLabel = "INCIDENT_ID", description = "the incident this restore is for "
                + "(default: a new id op-...)")
        String incidentId;

        @Option(names = "--param", paramLabel = "KEY=VALUE", description = "a restore parameter (repeatable)")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Option(names = "--wait", description = "follow the restore until it ends, printing progress on stderr")
        boolean await;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "4h", converter = DurationConverter.class,
                description = "how long --wait waits (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Override
        int execute() {
            String incident = incidentId == null ? "op-" + UUID.randomUUID() : incidentId;
            Api.segment(incident, "--incident");
            ObjectNode body = Api.JSON.createObjectNode().put("incidentId", incident)
                    .put("action", what == What.models ? "RESTORE_MODELS" : "RESTORE_DATABASE");
            if (target != null) {
                Api.segment(target, "--target");
                body.put("target", target);
            }
            if (backupId != null) {
                Api.segment(backupId, "--backup");
                body.put("backupId", backupId);
            }
            if (pointInTime != null) {
                try {
                    Instant at = Instant.parse(pointInTime);
                    if (at.isAfter(Instant.now())) {
                        throw usage("--point-in-time " + pointInTime + " is in the future");
                    }
                    body.put("pointInTime", at.toString());
                } catch (DateTimeParseException e) {
                    throw usage("--point-in-time must be an instant such as 2026-12-01T05:00:00Z, was "
                            + pointInTime);
                }
            }
            if (!parameters.isEmpty()) {
                ObjectNode p = body.putObject("parameters");
                parameters.forEach(p::put);
            }
            JsonNode queued = api().post(Service.RESTORE, "/restores", body);
            ((ObjectNode) queued).put("incidentId", incident);
            if (!await) {
                print(queued, Output::fields);
                return DrctlException.OK;
            }
            String id = queued.path("jobId").asText();
            JsonNode job = await("restore " + id, () -> api().get(Service.RESTORE, "/restores/" + Api.segment(id,
                    "restore id")), j -> !RUNNING.contains(j.path("status").asText()), RestoreCommand::progressLine,
                    timeout, Duration.ofSeconds(2));
            print(job, Output::fields);
            if (!"SUCCEEDED".equals(job.path("status").asText())) {
                root().err.println("drctl: restore " + id + " ended " + job.path("status").asText() + ": "
                        + Output.text(job.path("error")));
                return DrctlException.FAILED;
            }
            return DrctlException.OK;
        }
    }

    @Command(name = "describe", description = "One restore job: status, steps, what it restored and to when.")
    static final class Describe extends Verb {
        @Parameters(paramLabel = "RESTORE_ID")
        String id;

        @Override
        int execute() {
            print(api().get(Service.RESTORE, "/restores/" + Api.segment(id, "restore id")), Output::fields);
            return DrctlException.OK;
        }
    }

    @Command(name = "list", description = "Restores, newest first; with --incident those of one incident.")
    static final class ListRestores extends Verb {
        @Option(names = "--incident", paramLabel = "INCIDENT_ID")
        String incidentId;

        @Mixin
        PageOptions page;

        @Override
        int execute() {
            String query = page.query(this);
            JsonNode jobs = api().get(Service.RESTORE, incidentId != null
                    ? "/restores/incident/" + Api.segment(incidentId, "--incident")
                    : "/restores?" + query);
            print(jobs, rows -> Output.table(rows, List.of(Output.Column.of("ID", "/jobId"),
                    Output.Column.of("KIND", "/kind"), Output.Column.of("STATUS", "/status"),
                    Output.Column.of("FROM", "/restoredFrom"), Output.Column.of("RECOVERED TO", "/recoveredTo"),
                    Output.Column.of("COMPLETED", "/completedAt"), Output.Column.of("ERROR", "/error"))));
            return DrctlException.OK;
        }
    }

    static String progressLine(JsonNode job) {
        StringBuilder s = new StringBuilder("restore " + job.path("jobId").asText() + ": "
                + job.path("status").asText() + ", " + job.path("stepsDone").asInt() + " steps done");
        String progress = Output.progress(job.path("progress"));
        if (!progress.isEmpty()) {
            s.append(' ').append(progress);
        } else if (job.path("bytes").isNumber()) {
            s.append(", ").append(Output.bytes(job.path("bytes").asLong()));
        }
        return s.toString();
    }
}
