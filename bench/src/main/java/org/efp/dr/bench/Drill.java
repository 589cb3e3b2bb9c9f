package org.efp.dr.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.efp.dr.common.config.RecoveryObjectives;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.testkit.LocalStack;

/**
 * {@code ./dr drill database|models|bad-model|cache|region|complete|all}: breaks the running local platform ({@code ./dr up}) and watches it heal, then
 * writes the report ({@code <DR_HOME>/drills/<run>.json} and {@code .html}), records each scenario in
 * metrics-service (POST /drills) and prints the verdict table. Exit code 0 when every scenario met its objectives,
 * 1 when one missed them (or was not detected, or failed), 2 when the drill could not run.
 */
public final class Drill {

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private Drill() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        String which = args.length > 0 ? args[0] : "";
        if (!List.of("database", "models", "bad-model", "cache", "region", "complete", "all").contains(which)) {
            System.err.println("usage: ./dr drill database|models|bad-model|cache|region|complete|all");
            System.exit(2);
        }
        try {
            Map<String, String> env = System.getenv();
            Path home = Path.of(required(env, "DR_HOME"));
            LivePlatform platform = platform(env, home);
            for (String service : platform.serviceUrls().keySet()) {
                if (!platform.ready(service)) {
                    throw new IllegalStateException(service + " is not ready at " + platform.serviceUrls()
                            .get(service) + ": is the platform running? Start it with ./dr up");
                }
            }
            RecoveryObjectives objectives = SeedConfig.fromEnvironment().objectives();
            Instant started = Instant.now();
            String runId = RUN_ID.format(started);
            List<DrillResult> results = new ArrayList<>();
            RecoveryObjectives.Objective database = objectives.forComponent(DatabaseFailureDrill.COMPONENT)
                    .orElseThrow(() -> new IllegalStateException("no database row in the RTO/RPO table"));
            Duration watch = Duration.ofSeconds(Long.parseLong(env.getOrDefault("DR_DRILL_WATCH_SECONDS", "900")));
            if (List.of("database", "all").contains(which)) {
                results.add(new DatabaseFailureDrill(platform, database.rto(), database.rpo(), watch,
                        Duration.ofMinutes(3), out).run("live-" + DatabaseFailureDrill.SCENARIO.replace('_', '-')
                                + "-" + runId));
            }
            if (List.of("models", "all").contains(which)) {
                RecoveryObjectives.Objective models = objectives.forComponent(ModelFailureDrill.COMPONENT)
                        .orElseThrow(() -> new IllegalStateException("no ml-models row in the RTO/RPO table"));
                // The sample app serves <DR_HOME>/models/current, where restore-service restores models.
                Path modelsDir = Path.of(env.getOrDefault("DR_DRILL_MODELS_DIR", home.resolve("models").toString()));
                // A model restore ends after restore-service watched the restored version (5 min in the local run).
                Duration modelWatch = Duration.ofSeconds(Long.parseLong(env.getOrDefault(
                        "DR_DRILL_MODELS_WATCH_SECONDS", "600")));
                try {
                    results.add(new ModelFailureDrill(platform, modelsDir, models.rto(), models.rpo(), modelWatch,
                            out).run("live-" + ModelFailureDrill.SCENARIO.replace('_', '-') + "-" + runId));
                } catch (IllegalStateException e) {
                    if ("models".equals(which)) {
                        throw e;
                    }
                    out.println(ModelFailureDrill.SCENARIO + " not run: " + e.getMessage());
                }
            }
            if (List.of("bad-model", "all").contains(which)) {
                RecoveryObjectives.Objective models = objectives.forComponent(ModelFailureDrill.COMPONENT)
                        .orElseThrow(() -> new IllegalStateException("no ml-models row in the RTO/RPO table"));
                // Noticed from the forecasts: the app's error, a minute of Prometheus' alert, then Alertmanager.
                Duration badWatch = Duration.ofSeconds(Long.parseLong(env.getOrDefault(
                        "DR_DRILL_BAD_MODEL_WATCH_SECONDS", "600")));
                try {
                    results.add(new BadModelDrill(platform, Path.of(env.getOrDefault("DR_DRILL_MODELS_DIR",
                            home.resolve("models").toString())), env.getOrDefault("DR_DRILL_BAD_MODEL_VERSION",
                                    "1.2.0-rc1"), models.rto(), models.rpo(), badWatch, out)
                            .run("live-" + ModelFailureDrill.SCENARIO.replace('_', '-') + "-"
                                    + BadModelDrill.VARIANT + "-" + runId));
                } catch (IllegalStateException e) {
                    if ("bad-model".equals(which)) {
                        throw e;
                    }
                    out.println(ModelFailureDrill.SCENARIO + " (" + BadModelDrill.VARIANT + ") not run: "
                            + e.getMessage());
                }
            }
            if (List.of("cache", "all").contains(which)) {
                RecoveryObjectives.Objective cache = objectives.forComponent(CacheFailureDrill.COMPONENT)
                        .orElseThrow(() -> new IllegalStateException("no cache row in the RTO/RPO table"));
                Duration cacheWatch = Duration.ofSeconds(Long.parseLong(env.getOrDefault(
                        "DR_DRILL_CACHE_WATCH_SECONDS", "180")));
                results.add(new CacheFailureDrill(platform, home.resolve("data/redis/redis.pid"),
                        required(env, "DR_REDIS_URL"), required(env, "DR_REDIS_PASSWORD"), cache.rto(), cacheWatch,
                        out).run("live-" + CacheFailureDrill.SCENARIO.replace('_', '-') + "-" + runId));
            }
            if (List.of("region", "all").contains(which)) {
                RecoveryObjectives.Objective api = objectives.forComponent(RegionFailureDrill.OBJECTIVE)
                        .orElseThrow(() -> new IllegalStateException("no api row in the RTO/RPO table"));
                Duration regionWatch = Duration.ofSeconds(Long.parseLong(env.getOrDefault(
                        "DR_DRILL_REGION_WATCH_SECONDS", "300")));
                results.add(new RegionFailureDrill(platform, home.resolve(LocalStack.DNS_ZONE),
                        required(env, "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL"), api.rto(), api.rpo(), regionWatch,
                        Duration.ofMinutes(3), out).run("live-" + RegionFailureDrill.SCENARIO.replace('_', '-') + "-"
                                + runId));
            }
            if ("all".equals(which)) {
                // Before the complete failure: it measures restore throughput from the backups as they are now.
                restoreDrill(platform, out);
            }
            if (List.of("complete", "all").contains(which)) {
                Map<String, Duration> rtos = new LinkedHashMap<>();
                for (String component : CompleteFailureDrill.COMPONENTS) {
                    rtos.put(component, objectives.forComponent(component).orElseThrow(() ->
                            new IllegalStateException("no " + component + " row in the RTO/RPO table")).rto());
                }
                Duration completeWatch = Duration.ofSeconds(Long.parseLong(env.getOrDefault(
                        "DR_DRILL_COMPLETE_WATCH_SECONDS", "900")));
                results.add(new CompleteFailureDrill(platform, rtos, database.rpo(),
                        Path.of(env.getOrDefault("DR_DRILL_MODELS_DIR", home.resolve("models").toString())),
                        home.resolve("data/redis/redis.pid"), required(env, "DR_REDIS_URL"),
                        required(env, "DR_REDIS_PASSWORD"), required(env, "DR_DRILL_APP_URL"), completeWatch, out)
                        .run("live-" + CompleteFailureDrill.SCENARIO.replace('_', '-') + "-" + runId));
            }
            List<DrillReport.Capacity> capacity = new ArrayList<>();
            String note = capacity(platform, database, capacity);
            DrillReport report = new DrillReport(runId, started, Instant.now(), results, capacity, note);

            Path dir = Files.createDirectories(home.resolve("drills"));
            Files.writeString(dir.resolve(runId + ".json"), report.json());
            Files.writeString(dir.resolve(runId + ".html"), report.html());
            for (DrillResult result : results) {
                record(platform, result, report, out);
            }
            out.println();
            out.print(report.table());
            out.println("report: " + dir.resolve(runId + ".json") + " and " + dir.resolve(runId + ".html")
                    + "; history: " + platform.serviceUrls().get(LivePlatform.METRICS) + "/reports/drills");
            System.exit(report.allPassed() ? 0 : 1);
        } catch (Exception e) {
            System.err.println("dr drill: " + e.getMessage());
            System.exit(2);
        }
    }

    /** The running local platform, from the environment ./dr gives the drill (stack.env and the REST users). */
    static LivePlatform platform(Map<String, String> env, Path home) throws IOException {
        Map<String, String> services = new LinkedHashMap<>();
        for (String entry : required(env, "DR_DRILL_SERVICES").split(",")) {
            String[] kv = entry.split("=", 2);
            services.put(kv[0].trim(), kv[1].trim());
        }
        Map<String, String> urls = new LinkedHashMap<>();
        for (String key : List.of("DR_ENERGY_FORECAST_PRIMARY_URL", "DR_ENERGY_FORECAST_STANDBY_URL")) {
            String url = required(env, key);
            urls.put(address(url), url);
        }
        // The spare a lost primary is rebuilt on: once used, it is the primary (or a standby) like the others.
        String spare = env.get("DR_ENERGY_FORECAST_SPARE_URL");
        if (spare != null && !spare.isBlank()) {
            urls.put(address(spare), spare);
        }
        Properties failover = new Properties();
        Path props = home.resolve("failover-service.properties");
        if (!Files.isReadable(props)) {
            throw new IllegalStateException("no " + props + ": is the platform running? Start it with ./dr up");
        }
        try (Reader in = Files.newBufferedReader(props)) {
            failover.load(in);
        }
        Map<String, Path> dirs = new LinkedHashMap<>();
        failover.forEach((k, v) -> {
            String key = k.toString();
            String prefix = "dr.failover.database.data-dirs.\"";
            if (key.startsWith(prefix) && key.endsWith("\"")) {
                dirs.put(key.substring(prefix.length(), key.length() - 1), Path.of(v.toString()));
            }
        });
        return new LivePlatform(services, "operator", required(env, "DR_LOCAL_OPERATOR_PASSWORD"), urls, dirs,
                env.getOrDefault("DR_ENERGY_FORECAST_USER", "postgres"));
    }

    /** {@code 127.0.0.1:15433} of {@code jdbc:postgresql://127.0.0.1:15433/energy_forecast}. */
    static String address(String jdbcUrl) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("//([^/?]+)").matcher(jdbcUrl);
        if (!m.find()) {
            throw new IllegalArgumentException("no host:port in " + jdbcUrl);
        }
        return m.group(1);
    }

    /**
     * The largest database the database RTO holds, from the newest successful restore drill of restore-service that
     * says how much it restored and in how long; returns why not when none does.
     */
    static String capacity(LivePlatform platform, RecoveryObjectives.Objective objective,
            List<DrillReport.Capacity> capacity) {
        LivePlatform.Answer drills = platform.get(LivePlatform.RESTORE, "/drills?limit=50");
        if (!drills.ok()) {
            return "restore throughput not available: restore-service's drill history did not answer ("
                    + drills.status() + ")";
        }
        for (JsonNode d : drills.json()) {
            // A drill that restored (restoredFrom) measured the restore, even when it missed its RPO.
            if (!"database_recovery".equals(d.path("scenario").asText()) || !d.path("restoredFrom").isTextual()
                    || d.path("measuredRtoSeconds").asLong() <= 0) {
                continue;
            }
            String id = d.path("drillId").asText();
            LivePlatform.Answer job = platform.get(LivePlatform.RESTORE, "/restores/" + id);
            // The database restored (the backup's raw size), not the compressed bytes downloaded: capacity is a
            // database size. The downloaded bytes stand in only when backup-service cannot say.
            LivePlatform.Answer backup = platform.get(LivePlatform.BACKUP, "/backups/" + d.path("restoredFrom").asText());
            long raw = backup.ok() ? backup.json().path("backup").path("sizeBytes").asLong() : 0;
            long bytes = raw > 0 ? raw : job.ok() ? job.json().path("bytes").asLong() : 0;
            if (bytes > 0) {
                capacity.add(DrillReport.Capacity.of(objective.component(), id, bytes,
                        d.path("measuredRtoSeconds").asLong(), objective.rto().toSeconds()));
                return null;
            }
            return "restore throughput not available: restore drill " + id + " measured "
                    + d.path("measuredRtoSeconds").asLong() + "s but its restored size is not published ("
                    + (job.ok() ? "the restore job carries no bytes"
                            : "GET /restores/" + id + " answered " + job.status()) + ")";
        }
        return "restore throughput not available: no database_recovery restore drill has restored yet (run one: "
                + "POST /drills on restore-service)";
    }

    /**
     * Measures today's restore throughput for the capacity row: restore-service's physical database_recovery drill
     * (the newest BASE backup and the WAL archive replayed into a scratch cluster, then verified), waited for.
     */
    static void restoreDrill(LivePlatform platform, PrintStream out) {
        LivePlatform.Answer asked = platform.post(LivePlatform.RESTORE, "/drills",
                "{\"scenario\":\"database_recovery\",\"target\":\"energy_forecast\",\"mode\":\"physical\"}");
        if (!asked.ok()) {
            out.println("restore drill not run: restore-service answered " + asked.status() + " " + asked.body());
            return;
        }
        String id = asked.json().path("drillId").asText();
        out.println("restore drill " + id + ": physical restore of energy_forecast into a scratch cluster, for the "
                + "capacity per objective");
        long started = System.nanoTime();
        long deadline = started + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            LivePlatform.Answer drill = platform.get(LivePlatform.RESTORE, "/drills/" + id);
            String status = drill.ok() ? drill.json().path("status").asText() : "";
            if (List.of("SUCCEEDED", "FAILED").contains(status)) {
                out.printf("restore drill %s: %s in %.1f s%s%n", id, status, (System.nanoTime() - started) / 1e9,
                        drill.json().path("error").isTextual() ? " (" + drill.json().path("error").asText() + ")"
                                : "");
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000_000L);
        }
        out.println("restore drill " + id + ": not finished within 30 min; capacity from the newest finished one");
    }

    /** Records one scenario in metrics-service's drill history (POST /drills, operator). */
    static void record(LivePlatform platform, DrillResult result, DrillReport report, PrintStream out) {
        ObjectNode body = DrillReport.JSON.createObjectNode();
        body.put("drillId", result.drillId());
        body.put("scenario", result.scenario());
        body.put("type", "live");
        body.put("success", result.passed());
        body.put("startedAt", result.startedAt().toString());
        body.put("completedAt", result.completedAt().toString());
        body.put("measuredRtoSeconds", result.timeToRecoverSeconds());
        body.put("measuredRpoSeconds", result.dataLossSeconds());
        body.put("rtoObjectiveSeconds", result.rtoObjectiveSeconds());
        body.put("rpoObjectiveSeconds", result.rpoObjectiveSeconds());
        if (!result.passed()) {
            body.put("error", result.outcome() + (result.detail() == null ? "" : ": " + result.detail()));
        }
        ObjectNode detail = DrillReport.JSON.valueToTree(result);
        detail.set("capacity", DrillReport.JSON.valueToTree(report.capacity()));
        detail.put("capacityNote", report.capacityNote());
        body.set("report", detail);
        body.set("capacity", DrillReport.JSON.valueToTree(report.capacity().stream().map(c -> Map.of(
                "component", c.component(), "maxDatabaseBytes", c.maxDatabaseBytes(),
                "throughputBytesPerSecond", c.throughputBytesPerSecond(),
                "rtoObjectiveSeconds", c.rtoObjectiveSeconds())).toList()));
        LivePlatform.Answer answer = platform.post(LivePlatform.METRICS, "/drills", body.toString());
        if (!answer.ok()) {
            out.println("warning: metrics-service did not record drill " + result.drillId() + " (" + answer.status()
                    + " " + answer.body() + "); the report files have it");
        }
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the drill with ./dr drill, after ./dr up");
        }
        return value;
    }
}
