package org.efp.dr.drctl;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.efp.dr.common.config.RecoveryObjectives;
import org.efp.dr.common.config.SeedConfig;
import picocli.CommandLine.Command;

/**
 * One screen: the database cluster, the WAL archive, the newest completed backup of each target against its RPO, open
 * incidents and the last drills. A section whose service cannot be reached shows why; the exit code is then 3.
 */
@Command(name = "status", description = "One screen: database topology, WAL archive, newest backup per target "
        + "vs the RPO, open incidents, last drills. Exit 3 if a service could not be reached (the rest is shown).")
final class StatusCommand extends Verb {

    @Override
    int execute() {
        Instant now = Instant.now();
        int[] exit = { DrctlException.OK };
        ObjectNode s = Api.JSON.createObjectNode().put("at", now.toString());
        s.set("database", section(exit, () -> api().get(Service.FAILOVER, "/api/v1/database/topology")));
        JsonNode wal = section(exit, () -> api().get(Service.BACKUP, "/wal"));
        s.set("walArchive", wal);
        Map<String, JsonNode> watches = new LinkedHashMap<>();
        watches.put("models", changeWatch("/model-changes"));
        watches.put("configs", changeWatch("/config-changes"));
        s.set("backups", section(exit, () -> newestBackups(api().get(Service.BACKUP,
                "/backups?status=COMPLETED&limit=1000"), wal, watches, objectives(), now)));
        s.set("openIncidents", section(exit, () -> {
            ArrayNode open = Api.JSON.createArrayNode();
            api().get(Service.FAILOVER, "/api/v1/incidents").forEach(i -> {
                if ("OPEN".equals(i.path("status").asText())) {
                    open.add(i);
                }
            });
            return open;
        }));
        if (api().has(Service.METRICS)) {
            // metrics-service measures each incident until it is resolved (RTO, RPO, notifications)
            s.set("measuredIncidents", section(exit, () -> api().get(Service.METRICS, "/incidents?open=true")));
        }
        s.set("lastDrills", section(exit, () -> api().get(Service.RESTORE, "/drills?limit=5")));
        print(s, d -> table(d, now));
        return exit[0];
    }

    /** One of backup-service's change watches, or null when it cannot be read (the backup's age is then all). */
    private JsonNode changeWatch(String path) {
        try {
            return api().get(Service.BACKUP, path);
        } catch (DrctlException e) {
            if (e.exitCode() == DrctlException.USAGE) {
                throw e;
            }
            return null;
        }
    }

    /** The section, or {"error": why} when its service cannot answer (auth and config errors stop the command). */
    private static JsonNode section(int[] exit, Supplier<JsonNode> read) {
        try {
            return read.get();
        } catch (DrctlException e) {
            if (e.exitCode() == DrctlException.USAGE) {
                throw e;
            }
            exit[0] = Math.max(exit[0], DrctlException.UNREACHABLE == e.exitCode() ? DrctlException.UNREACHABLE
                    : Math.max(exit[0], DrctlException.FAILED));
            return Api.JSON.createObjectNode().put("error", e.getMessage());
        }
    }

    private RecoveryObjectives objectives() {
        String dir = root().env.get("DR_CONFIG_DIR");
        return SeedConfig.load(dir == null || dir.isBlank() ? null : Path.of(dir), Map.of()).objectives();
    }

    /** The component whose RPO a backup target answers to. */
    static String component(String target) {
        return switch (target) {
            case "models" -> "ml-models";
            case "configs" -> "api";
            default -> "database";
        };
    }

    /**
     * The newest completed backup per target, its age, and the recovery point it gives: for a database whose WAL
     * archive streams, the archive's lag (the backup plus the archive restore to then); for models and configs while
     * backup-service's change watch of the target ({@code watches}, by target) looks (its last look within three of
     * its intervals, the files there), since the watch last knew the files in use to be in a completed backup (files
     * unchanged since their backup lose nothing however old the backup); else the backup's age.
     */
    static ArrayNode newestBackups(JsonNode completed, JsonNode wal, Map<String, JsonNode> watches,
            RecoveryObjectives objectives, Instant now) {
        Map<String, JsonNode> newest = new LinkedHashMap<>();
        for (JsonNode b : completed) {
            Instant at = Output.instant(b.path("completedAt"));
            JsonNode known = newest.get(b.path("target").asText());
            if (at != null && (known == null || at.isAfter(Output.instant(known.path("completedAt"))))) {
                newest.put(b.path("target").asText(), b);
            }
        }
        ArrayNode rows = Api.JSON.createArrayNode();
        newest.forEach((target, b) -> {
            Instant at = Output.instant(b.path("completedAt"));
            long age = Duration.between(at, now).toSeconds();
            ObjectNode row = rows.addObject().put("target", target).put("kind", b.path("kind").asText())
                    .put("backupId", b.path("backupId").asText()).put("completedAt", at.toString())
                    .put("ageSeconds", age);
            boolean database = "database".equals(component(target));
            boolean archived = database && wal != null && wal.path("streaming").asBoolean()
                    && !b.path("kind").asText().equals("CONFIGS");
            Optional<Instant> watched = coveredUntil(watches.get(target), now);
            long point = archived ? (long) Math.ceil(wal.path("lagSeconds").asDouble())
                    : watched.map(t -> Math.max(0, Duration.between(t, now).toSeconds())).orElse(age);
            row.put("recoveryPointAgeSeconds", point).put("recoveryPointFrom", archived ? "wal-archive"
                    : watched.isPresent() ? "change-watch" : "backup");
            Optional<RecoveryObjectives.Objective> o = objectives.forComponent(component(target));
            if (o.isPresent() && o.get().rpoKind() == RecoveryObjectives.RpoKind.BOUNDED && o.get().rpo() != null) {
                row.put("rpoSeconds", o.get().rpo().toSeconds()).put("withinRpo", point <= o.get().rpo().toSeconds());
            } else {
                row.putNull("rpoSeconds").putNull("withinRpo");
            }
        });
        return rows;
    }

    /**
     * Up to when the files in use are known to be in a completed backup, by one of backup-service's change watches
     * ({@code /model-changes}, {@code /config-changes}: its {@code coveredUntil}); empty when there is no watch, it is
     * off, has not looked lately, or saw the files lost (then the backup's age is all there is).
     */
    static Optional<Instant> coveredUntil(JsonNode watch, Instant now) {
        if (watch == null || !watch.path("watching").asBoolean() || !watch.path("everySeconds").isNumber()) {
            return Optional.empty();
        }
        String files = watch.path("files").asText();
        Instant lastLook = Output.instant(watch.path("lastLookAt"));
        if (lastLook == null || !("UNCHANGED".equals(files) || "CHANGING".equals(files))
                || lastLook.isBefore(now.minusSeconds(3 * watch.path("everySeconds").asLong()))) {
            return Optional.empty();
        }
        return Optional.ofNullable(Output.instant(watch.path("coveredUntil")));
    }

    static String table(JsonNode s, Instant now) {
        StringBuilder out = new StringBuilder();
        JsonNode db = s.path("database");
        out.append("DATABASE\n");
        if (db.has("error")) {
            out.append("  unavailable: ").append(db.path("error").asText()).append('\n');
        } else {
            out.append(indent(TopologyCommand.table(db)));
        }
        JsonNode wal = s.path("walArchive");
        out.append("\nWAL ARCHIVE\n");
        if (wal.has("error")) {
            out.append("  unavailable: ").append(wal.path("error").asText()).append('\n');
        } else {
            out.append("  ").append(wal.path("streaming").asBoolean() ? "streaming" : "NOT STREAMING")
                    .append(" from ").append(Output.text(wal.path("primary")))
                    .append(", timeline ").append(Output.text(wal.path("timeline")))
                    .append(", lag ").append(Output.text(wal.path("lagSeconds"))).append("s")
                    .append(", last segment ").append(Output.text(wal.path("lastSegment")))
                    .append(", ").append(wal.path("segmentsArchived").asLong()).append(" segments archived, gaps: ")
                    .append(wal.path("gaps").isArray() && wal.path("gaps").size() > 0 ? wal.path("gaps").toString()
                            : "none").append('\n');
            if (wal.path("lastError").isTextual()) {
                out.append("  last error: ").append(wal.path("lastError").asText()).append('\n');
            }
        }
        out.append("\nNEWEST BACKUPS\n");
        out.append(indentOrError(s.path("backups"), rows -> Output.table(rows, List.of(
                Output.Column.of("TARGET", "/target"), Output.Column.of("KIND", "/kind"),
                Output.Column.of("ID", "/backupId"), Output.Column.age("AGE", "/completedAt", now),
                Output.Column.of("RECOVERY POINT", "/recoveryPointFrom"),
                new Output.Column("RP AGE", r -> Output.duration(Duration.ofSeconds(r.path(
                        "recoveryPointAgeSeconds").asLong()))),
                new Output.Column("RPO", r -> r.path("rpoSeconds").isNumber() ? Output.duration(Duration.ofSeconds(
                        r.path("rpoSeconds").asLong())) : "-"),
                new Output.Column("OK", r -> r.path("withinRpo").isBoolean() ? (r.path("withinRpo").asBoolean()
                        ? "yes" : "OVER RPO") : "-")))));
        out.append("\nOPEN INCIDENTS\n");
        out.append(indentOrError(s.path("openIncidents"), rows -> Output.table(rows, IncidentCommand.COLUMNS)));
        JsonNode measured = s.path("measuredIncidents");
        if (measured.isArray()) {
            out.append("  metrics-service is measuring ").append(measured.size()).append(" open incident(s)\n");
        } else if (measured.has("error")) {
            out.append("  metrics-service unavailable: ").append(measured.path("error").asText()).append('\n');
        }
        out.append("\nLAST DRILLS\n");
        out.append(indentOrError(s.path("lastDrills"), rows -> Output.table(rows, DrillCommand.columns())));
        return out.toString();
    }

    private static String indentOrError(JsonNode section, java.util.function.Function<JsonNode, String> table) {
        if (section.isObject() && section.has("error")) {
            return "  unavailable: " + section.path("error").asText() + "\n";
        }
        return indent(table.apply(section));
    }

    private static String indent(String text) {
        return text.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
    }
}
