package org.efp.dr.drctl;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.efp.dr.common.events.BackupKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Backups in backup-service's catalog: create (and follow), list, describe, verify, delete. */
@Command(name = "backup", description = "Create, list, describe, verify and delete backups (backup-service).",
        subcommands = { BackupCommand.Create.class, BackupCommand.ListBackups.class, BackupCommand.Describe.class,
            BackupCommand.Verify.class, BackupCommand.Delete.class })
final class BackupCommand extends Verb.Group {

    static final Set<String> DONE = Set.of("COMPLETED", "FAILED", "DELETED");

    @Command(name = "create", description = "Queue a backup; with --wait follow it to COMPLETED (exit 0) or FAILED "
            + "(exit 1).")
    static final class Create extends Verb {
        @Option(names = "--target", required = true, paramLabel = "TARGET",
                description = "energy_forecast, timeseries, models or configs")
        String target;

        @Option(names = "--kind", required = true, paramLabel = "KIND",
                description = "FULL, BASE, INCREMENTAL, MODELS or CONFIGS")
        BackupKind kind;

        @Option(names = "--reason", paramLabel = "TEXT", description = "why, recorded in the catalog")
        String reason;

        @Option(names = "--wait", description = "follow the backup until it ends, printing progress on stderr")
        boolean await;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2h", converter = DurationConverter.class,
                description = "how long --wait waits (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Override
        int execute() {
            name(target, "--target");
            ObjectNode body = Api.JSON.createObjectNode().put("target", target).put("kind", kind.name());
            if (reason != null) {
                body.put("reason", reason);
            }
            JsonNode queued = api().post(Service.BACKUP, "/backups", body);
            String id = queued.path("backupId").asText();
            if (!await) {
                print(queued, BackupCommand::entry);
                return DrctlException.OK;
            }
            progress("backup " + id + " queued (" + target + " " + kind + ")");
            JsonNode view = await("backup " + id, () -> api().get(Service.BACKUP, "/backups/" + Api.segment(id,
                    "backup id")), v -> DONE.contains(v.at("/backup/status").asText()), BackupCommand::progressLine,
                    timeout, Duration.ofSeconds(1));
            print(view, BackupCommand::view);
            String status = view.at("/backup/status").asText();
            if (!"COMPLETED".equals(status)) {
                root().err.println("drctl: backup " + id + " ended " + status + ": " + Output.text(
                        view.at("/backup/failureReason")) + " " + Output.text(view.at("/backup/error")));
                return DrctlException.FAILED;
            }
            return DrctlException.OK;
        }
    }

    @Command(name = "list", description = "Backups in the catalog, newest first.")
    static final class ListBackups extends Verb {
        @Option(names = "--target", paramLabel = "TARGET")
        String target;

        @Option(names = "--kind", paramLabel = "KIND")
        BackupKind kind;

        @Option(names = "--status", paramLabel = "STATUS", description = "QUEUED, RUNNING, COMPLETED, FAILED, DELETED")
        String status;

        @Option(names = "--limit", defaultValue = "100", description = "at most this many (1-1000, default: "
                + "${DEFAULT-VALUE})")
        int limit;

        @Override
        int execute() {
            limit(limit, 1000);
            StringBuilder q = new StringBuilder("/backups?limit=" + limit);
            if (target != null) {
                q.append("&target=").append(Api.query(target));
            }
            if (kind != null) {
                q.append("&kind=").append(kind.name());
            }
            if (status != null) {
                q.append("&status=").append(Api.query(status));
            }
            JsonNode list = api().get(Service.BACKUP, q.toString());
            Instant now = Instant.now();
            print(list, rows -> Output.table(rows, List.of(Output.Column.of("ID", "/backupId"),
                    Output.Column.of("TARGET", "/target"), Output.Column.of("KIND", "/kind"),
                    Output.Column.of("STATUS", "/status"), new Output.Column("SIZE", BackupCommand::size),
                    Output.Column.of("COMPLETED", "/completedAt"), Output.Column.age("AGE", "/completedAt", now))));
            return DrctlException.OK;
        }
    }

    @Command(name = "describe", description = "One backup: catalog entry, progress while running, manifest.")
    static final class Describe extends Verb {
        @Parameters(paramLabel = "BACKUP_ID")
        String id;

        @Override
        int execute() {
            print(api().get(Service.BACKUP, "/backups/" + Api.segment(id, "backup id")), BackupCommand::view);
            return DrctlException.OK;
        }
    }

    @Command(name = "verify", description = "Read every object of a backup back and check it; exit 1 if it is not "
            + "valid.")
    static final class Verify extends Verb {
        @Parameters(paramLabel = "BACKUP_ID")
        String id;

        @Override
        int execute() {
            JsonNode v = api().post(Service.BACKUP, "/backups/" + Api.segment(id, "backup id") + "/verify", null);
            print(v, Output::fields);
            return v.path("valid").asBoolean() ? DrctlException.OK : DrctlException.FAILED;
        }
    }

    @Command(name = "delete", description = "Delete a backup's objects and mark it deleted. Refused (exit 2) while it "
            + "runs, while an incremental backup builds on it, or when it is the newest of its target and kind "
            + "(unless --force).")
    static final class Delete extends Verb {
        @Parameters(paramLabel = "BACKUP_ID")
        String id;

        @Option(names = "--force", description = "delete it even when it is the newest backup of its target and kind")
        boolean force;

        @Override
        int execute() {
            String path = "/backups/" + Api.segment(id, "backup id") + (force ? "?force=true" : "");
            print(api().delete(Service.BACKUP, path), Output::fields);
            return DrctlException.OK;
        }
    }

    static String progressLine(JsonNode view) {
        JsonNode b = view.path("backup");
        StringBuilder s = new StringBuilder("backup " + b.path("backupId").asText() + ": "
                + b.path("status").asText());
        String progress = Output.progress(view.path("progress"));
        if (!progress.isEmpty()) {
            s.append(' ').append(progress);
        } else if (b.path("bytesDone").asLong() > 0) {
            s.append(", ").append(Output.bytes(b.path("bytesDone").asLong())).append(" done");
        }
        if (b.path("sizeBytes").isNumber()) {
            s.append(", size ").append(Output.bytes(b.path("sizeBytes").asLong()));
        }
        return s.toString();
    }

    static String size(JsonNode entry) {
        JsonNode n = entry.path("compressedBytes").isNumber() ? entry.path("compressedBytes") : entry.path("sizeBytes");
        return n.isNumber() ? Output.bytes(n.asLong()) : "-";
    }

    static String entry(JsonNode entry) {
        return Output.fields(entry);
    }

    /** A backup view: the catalog entry's fields, progress, and the manifest's signature status. */
    static String view(JsonNode view) {
        ObjectNode shown = Api.JSON.createObjectNode();
        if (view.path("backup").isObject()) {
            shown.setAll((ObjectNode) view.path("backup").deepCopy());
        }
        if (view.path("progress").isObject()) {
            shown.set("progress", view.path("progress"));
        }
        if (!view.path("manifestSignature").isMissingNode()) {
            shown.set("manifestSignature", view.path("manifestSignature"));
        }
        if (view.path("manifest").isObject()) {
            JsonNode m = view.path("manifest");
            ObjectNode summary = Api.JSON.createObjectNode();
            m.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode()) {
                    summary.set(e.getKey(), e.getValue());
                } else if (e.getValue().isArray()) {
                    summary.put(e.getKey(), e.getValue().size() + " entries");
                }
            });
            shown.set("manifest", summary);
        }
        return Output.fields(shown);
    }
}
