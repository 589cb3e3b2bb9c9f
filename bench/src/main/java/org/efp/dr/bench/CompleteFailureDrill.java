package org.efp.dr.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.efp.dr.testkit.OsCommand;
import org.efp.dr.testkit.RedisServer;
import org.efp.dr.common.text.Units;

/**
 * The guide's complete_failure scenario, live: every data component is lost at once. Under a steady write load both
 * energy_forecast servers are killed (SIGKILL) and their data directories disappear (moved aside, as a lost disk
 * leaves nothing behind for the platform), the live model directory disappears and the cache is killed. Then the drill
 * only watches: failover-service must see one complete failure in the separate outages and run the system-recovery
 * saga, which adopts the components' recoveries already under way; the platform must build a new primary from the
 * newest BASE backup and the WAL archive in S3, restore
 * the served model from its backup, bring the cache back and warm it, rebuild a streaming standby from the new primary
 * (so the next failure can fail over again), and the app must serve again. Acknowledged commits missing on the new
 * primary are the data lost. The scenario's RTO is the longest of the lost components' rows (databases, 1 h); each
 * component must also be back within its own row.
 */
final class CompleteFailureDrill {

    static final String SCENARIO = "complete_failure";
    static final String COMPONENT = "everything";
    static final List<String> COMPONENTS = List.of("database", "ml-models", "cache");
    /** The lost components, and the complete failure failover-service declares from their outages. */
    static final List<String> WATCHED = List.of("database", "ml-models", "cache", COMPONENT);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final LivePlatform platform;
    private final Map<String, Duration> rtos;
    private final Duration rto;
    private final Duration rpo;
    private final Path modelsDir;
    private final Path redisPidFile;
    private final RedisServer cache;
    private final String appUrl;
    private final Duration watchTimeout;
    private final PrintStream out;
    private final List<DrillResult.Step> timeline = new ArrayList<>();
    private long t0;

    /**
     * @param rtos each lost component's RTO (database, ml-models, cache)
     * @param appUrl the app's base URL; it must answer {@code /q/health/ready} again
     */
    CompleteFailureDrill(LivePlatform platform, Map<String, Duration> rtos, Duration rpo, Path modelsDir,
            Path redisPidFile, String redisUrl, String redisPassword, String appUrl, Duration watchTimeout,
            PrintStream out) {
        this.platform = platform;
        this.rtos = Map.copyOf(rtos);
        this.rto = rtos.values().stream().max(Duration::compareTo).orElseThrow();
        this.rpo = rpo;
        this.modelsDir = modelsDir;
        this.redisPidFile = redisPidFile;
        this.cache = new RedisServer(redisPidFile.getParent(), URI.create(redisUrl).getPort(), redisPassword);
        this.appUrl = appUrl;
        this.watchTimeout = watchTimeout.compareTo(rto) < 0 ? watchTimeout : rto;
        this.out = out;
    }

    DrillResult run(String drillId) throws Exception {
        Instant startedAt = Instant.now();
        JsonNode topology = topology();
        Map<String, Path> nodes = new LinkedHashMap<>();
        for (JsonNode member : topology.path("members")) {
            String address = member.path("member").asText();
            if ("running".equals(member.path("state").asText()) || member.path("streaming").asBoolean()) {
                Path dir = platform.nodeDataDirs().get(address);
                if (dir == null) {
                    throw new IllegalStateException("failover-service's node " + address + " has no data directory "
                            + "on this host (nodes here: " + platform.nodeDataDirs().keySet() + "): not a local run");
                }
                nodes.put(address, dir);
            }
        }
        String primary = topology.path("primary").asText(null);
        if (primary == null || !nodes.containsKey(primary) || topology.path("streamingStandbys").asLong() < 1) {
            throw new IllegalStateException("the drill needs a running primary with a streaming standby (topology: "
                    + "primary " + primary + ", " + topology.path("streamingStandbys").asLong() + " streaming): wait "
                    + "until GET /api/v1/database/topology shows them");
        }
        requireBackup("BASE", "energy_forecast");
        requireBackup("MODELS", null);
        Map<String, String> served = ModelFailureDrill.served(modelsDir);
        if (served.isEmpty()) {
            throw new IllegalStateException("the live model directory " + modelsDir + " serves no files");
        }
        if (!"PONG".equals(ping())) {
            throw new IllegalStateException("the cache at " + cache.url() + " does not answer PING");
        }
        long cachePid = redisPid();
        out.printf("drill %s: %s: %s, models (%d file(s)), cache %s; RTO %s (each component within its own row), "
                + "RPO %s%n", drillId, SCENARIO, String.join(" + ", nodes.keySet()), served.size(), cache.url(),
                Units.seconds(rto.toSeconds()), Units.seconds(rpo.toSeconds()));

        Writer writer = new Writer(List.copyOf(platform.nodeJdbcUrls().values()), platform.databaseUser(),
                Duration.ofMillis(20));
        Map<Path, Path> asideDirs = new LinkedHashMap<>();
        Path modelsAside = null;
        String failure = null;
        Map<String, JsonNode> incidents = new LinkedHashMap<>();
        Map<String, String> incidentIds = new LinkedHashMap<>();
        JsonNode saga = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        boolean modelsBack = false;
        boolean cacheBack = false;
        boolean writable = false;
        boolean appBack = false;
        boolean standbyBack = false;
        Instant brokenAt;
        try {
            awaitAcknowledged(writer);
            List<String> pids = new ArrayList<>();
            for (Path dir : nodes.values()) {
                pids.add(DatabaseFailureDrill.postmasterPid(dir));
            }
            t0 = System.nanoTime();
            brokenAt = Instant.now();
            // All at once: the machines go, then what was on their disks.
            for (String pid : pids) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
            ProcessHandle.of(cachePid).ifPresent(ProcessHandle::destroyForcibly);
            String stamp = String.valueOf(System.currentTimeMillis());
            for (Path dir : nodes.values()) {
                awaitExit(dir);
                Path aside = dir.resolveSibling(dir.getFileName() + ".drill-" + stamp);
                Files.move(dir, aside);
                asideDirs.put(dir, aside);
            }
            modelsAside = modelsDir.resolveSibling(modelsDir.getFileName() + ".drill-" + stamp);
            Files.move(modelsDir, modelsAside);
            step("lost everything after " + writer.acknowledgedCount() + " acknowledged commits: killed "
                    + String.join(" and ", nodes.keySet()) + " (postmasters " + String.join(", ", pids)
                    + ") and removed their data directories, removed the live model directory, killed the cache (pid "
                    + cachePid + ")");

            long deadline = t0 + watchTimeout.toNanos();
            long nextHeartbeat = System.nanoTime() + 15_000_000_000L;
            while (true) {
                for (String component : WATCHED) {
                    if (!incidentIds.containsKey(component)) {
                        String id = findIncident(component, brokenAt);
                        if (id != null) {
                            incidentIds.put(component, id);
                            step(COMPONENT.equals(component) ? "failover-service declared one complete failure, "
                                    + "incident " + id + ", recovered by the system-recovery saga"
                                    : "metrics-service opened " + component + " incident " + id);
                        }
                    }
                    String id = incidentIds.get(component);
                    if (id != null && !recovered(incidents.get(component))) {
                        LivePlatform.Answer answer = platform.get(LivePlatform.METRICS, "/incidents/" + id);
                        if (answer.ok()) {
                            incidents.put(component, answer.json());
                            if (recovered(answer.json())) {
                                step("metrics-service: " + component + " recovered, time to recover "
                                        + answer.json().path("timeToRecoverSeconds").asLong() + "s");
                            }
                        }
                    }
                }
                if (incidentIds.containsKey(COMPONENT) && !"SUCCEEDED".equals(saga.path("status").asText())) {
                    JsonNode seen = saga(incidentIds.get(COMPONENT));
                    if (!seen.isMissingNode() && (seen.path("nextStep").asInt() != saga.path("nextStep").asInt(-1)
                            || !seen.path("status").asText().equals(saga.path("status").asText()))) {
                        saga = seen;
                        step("system-recovery saga " + seen.path("recoveryId").asText() + ": "
                                + seen.path("nextStep").asInt() + " step(s) done, " + seen.path("status").asText()
                                + (seen.path("error").isTextual() ? " (" + seen.path("error").asText() + ")" : ""));
                    }
                }
                JsonNode now = topology();
                String current = now.path("primary").asText(null);
                if (!writable && writer.writingTo() != null && writer.firstAckOnConnectionNanos() > t0) {
                    writable = true;
                    String node = platform.nodeJdbcUrls().entrySet().stream()
                            .filter(e -> e.getValue().equals(writer.writingTo())).map(Map.Entry::getKey)
                            .findFirst().orElse(writer.writingTo());
                    step("the client's writes are accepted again (on " + node + ")");
                }
                if (!modelsBack && ModelFailureDrill.served(modelsDir).equals(served)) {
                    modelsBack = true;
                    step("the served model files are back (" + served.size() + " file(s), same content)");
                }
                if (!cacheBack && "PONG".equals(ping()) && redisPid() != cachePid) {
                    cacheBack = true;
                    step("the cache answers again (pid " + redisPid() + ")");
                }
                if (!appBack && writable && modelsBack && appReady()) {
                    appBack = true;
                    step("the app is ready again (" + appUrl + "/q/health/ready)");
                }
                if (!standbyBack && writable && now.path("streamingStandbys").asLong() >= 1) {
                    standbyBack = true;
                    step("a standby streams from the new primary again (" + now.path("streamingStandbys").asLong()
                            + "): ready for the next failure");
                }
                boolean allRecovered = WATCHED.stream().allMatch(c -> recovered(incidents.get(c)));
                boolean sagaDone = "SUCCEEDED".equals(saga.path("status").asText());
                if (allRecovered && sagaDone && writable && modelsBack && cacheBack && appBack && standbyBack) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    List<String> missing = new ArrayList<>();
                    WATCHED.stream().filter(c -> !recovered(incidents.get(c)))
                            .forEach(c -> missing.add(c + (incidentIds.containsKey(c) ? " not measured as recovered"
                                    : COMPONENT.equals(c) ? ": no complete failure declared" : " never noticed")));
                    if (!sagaDone) {
                        missing.add("the system-recovery saga did not succeed" + (saga.isMissingNode() ? ""
                                : " (" + saga.path("status").asText() + ")"));
                    }
                    if (!writable) {
                        missing.add("no writable primary");
                    }
                    if (!modelsBack) {
                        missing.add("model not served");
                    }
                    if (!cacheBack) {
                        missing.add("cache down");
                    }
                    if (!appBack) {
                        missing.add("app not ready");
                    }
                    if (!standbyBack) {
                        missing.add("no streaming standby rebuilt");
                    }
                    failure = "not back within " + Units.seconds(watchTimeout.toSeconds()) + ": "
                            + String.join(", ", missing);
                    step("gave up watching: " + failure);
                    break;
                }
                if (System.nanoTime() > nextHeartbeat) {
                    nextHeartbeat = System.nanoTime() + 15_000_000_000L;
                    progress("waiting: primary " + current + ", " + now.path("streamingStandbys").asLong()
                            + " streaming standby(s), incidents " + states(incidents));
                }
                LockSupport.parkNanos(500_000_000L);
            }
        } finally {
            writer.close();
        }

        if (failure == null) {
            for (Path aside : asideDirs.values()) {
                Bench.delete(aside);
            }
            Bench.delete(modelsAside);
        } else {
            step(putBack(asideDirs, modelsAside, modelsBack));
        }
        long acknowledged = writer.acknowledgedCount();
        String current = topology().path("primary").asText(null);
        String currentUrl = current == null ? null : platform.nodeJdbcUrls().get(current);
        Long lostCommits = null;
        Long lostSeconds = null;
        if (currentUrl != null && writable) {
            List<Long> missing = writer.missingIdsOn(currentUrl);
            lostCommits = (long) missing.size();
            Long first = missing.isEmpty() ? null : writer.acknowledgedAtNanos(missing.get(0));
            lostSeconds = first == null ? 0L : Math.max(0, (t0 - first + 999_999_999L) / 1_000_000_000L);
            step("counted acknowledged commits on " + current + ": " + missing.size() + " of " + acknowledged
                    + " missing");
            String notDropped = DatabaseFailureDrill.dropTable(platform, currentUrl);
            if (notDropped != null) {
                progress(notDropped);
            }
        } else if (failure == null) {
            failure = "no primary to count acknowledged commits on";
        }
        JsonNode database = incidents.get("database");
        Long incidentLoss = database == null || !database.path("dataLossSeconds").isNumber() ? null
                : database.path("dataLossSeconds").asLong();
        Long dataLoss = lostSeconds == null ? incidentLoss
                : incidentLoss == null ? lostSeconds : Math.max(lostSeconds, incidentLoss);
        // Each component within its own row of the table, besides the whole within the longest.
        List<String> late = new ArrayList<>();
        for (String component : COMPONENTS) {
            Long took = number(incidents.get(component), "timeToRecoverSeconds");
            Duration own = rtos.get(component);
            if (took != null && own != null && took > own.toSeconds()) {
                late.add(component + " took " + took + "s, its RTO is " + own.toSeconds() + "s");
            }
        }
        if (!late.isEmpty()) {
            failure = (failure == null ? "" : failure + "; ") + String.join("; ", late);
        }
        boolean complete = failure == null && WATCHED.stream().allMatch(c -> recovered(incidents.get(c)));
        DrillResult.Measured measured = new DrillResult.Measured(incidentIds.getOrDefault(COMPONENT,
                incidentIds.get("database")),
                longest(incidents, "timeToDetectSeconds"), longest(incidents, "timeToRespondSeconds"),
                complete || !late.isEmpty() ? longest(incidents, "timeToRecoverSeconds") : null, dataLoss,
                acknowledged, lostCommits, failure);
        List<DrillResult.Notification> sent = new ArrayList<>();
        incidentIds.values().forEach(id -> sent.addAll(DatabaseFailureDrill.notifications(platform, id)));
        DrillResult result = DrillResult.judge(drillId, SCENARIO, COMPONENT, startedAt, Instant.now(), rto, rpo,
                measured, timeline, sent);
        // A component back later than its own row missed its objective, even within the longest.
        return !late.isEmpty() && result.outcome() == DrillResult.Outcome.FAILED && failure.equals(String.join("; ",
                late)) ? result.withOutcome(DrillResult.Outcome.MISSED) : result;
    }

    /**
     * When the platform did not bring everything back, the drill puts back what it can without fighting the
     * platform: the model directory when none is served, the old data directories only when no new primary took
     * over (else they stay aside, named in the timeline, for an operator).
     */
    private String putBack(Map<Path, Path> asideDirs, Path modelsAside, boolean modelsBack) throws IOException {
        List<String> done = new ArrayList<>();
        if (!modelsBack && modelsAside != null && Files.exists(modelsAside)) {
            if (Files.exists(modelsDir, LinkOption.NOFOLLOW_LINKS)) {
                Bench.delete(modelsDir);
            }
            Files.move(modelsAside, modelsDir);
            done.add("put the model directory back");
        }
        String current = topology().path("primary").asText(null);
        boolean takenOver = current != null && asideDirs.keySet().stream()
                .noneMatch(d -> d.equals(platform.nodeDataDirs().get(current)));
        for (Map.Entry<Path, Path> e : asideDirs.entrySet()) {
            if (!takenOver && !Files.exists(e.getKey())) {
                Files.move(e.getValue(), e.getKey());
                try {
                    OsCommand.postgres(e.getKey().getParent(), "pg_ctl", "-D", e.getKey().toString(), "-l",
                            e.getKey().getParent().resolve("postgres.log").toString(), "-w", "-t", "60", "start");
                    done.add("put " + e.getKey() + " back and started it");
                } catch (IllegalStateException ex) {
                    done.add("put " + e.getKey() + " back (it did not start: " + ex.getMessage().lines().findFirst()
                            .orElse("") + ")");
                }
            } else if (Files.exists(e.getValue())) {
                done.add("the lost data directory is kept as " + e.getValue());
            }
        }
        return done.isEmpty() ? "nothing to put back" : String.join("; ", done);
    }

    private void requireBackup(String kind, String target) {
        LivePlatform.Answer answer = platform.get(LivePlatform.BACKUP, "/backups?limit=200");
        if (answer.ok()) {
            for (JsonNode b : answer.json()) {
                if (kind.equals(b.path("kind").asText()) && "COMPLETED".equals(b.path("status").asText())
                        && (target == null || target.equals(b.path("target").asText()))) {
                    return;
                }
            }
        }
        throw new IllegalStateException("no completed " + kind + " backup" + (target == null ? "" : " of " + target)
                + " in backup-service's catalog: everything is rebuilt from backups, so take one first (drctl "
                + "backup create --kind " + kind + " --wait)");
    }

    private void awaitAcknowledged(Writer writer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (writer.acknowledgedCount() < 50) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the client's first writes were not acknowledged within 30s");
            }
            LockSupport.parkNanos(100_000_000L);
        }
    }

    /** A killed postmaster's children leave within moments; the directory moves when nothing has it open. */
    private static void awaitExit(Path dataDir) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                OsCommand.postgres(dataDir.getParent(), "pg_ctl", "-D", dataDir.toString(), "status");
            } catch (IllegalStateException e) {
                return;
            }
            LockSupport.parkNanos(100_000_000L);
        }
    }

    /** failover-service's system-recovery job for the complete failure {@code incidentId}, once it started. */
    private JsonNode saga(String incidentId) {
        LivePlatform.Answer answer = platform.get(LivePlatform.FAILOVER, "/api/v1/recoveries?limit=50");
        if (answer.ok()) {
            for (JsonNode job : answer.json()) {
                if (incidentId.equals(job.path("incidentId").asText())
                        && "SYSTEM_RECOVERY".equals(job.path("action").asText())) {
                    return job;
                }
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private String findIncident(String component, Instant brokenAt) {
        LivePlatform.Answer answer = platform.get(LivePlatform.METRICS, "/incidents?limit=50");
        if (!answer.ok()) {
            return null;
        }
        String found = null;
        for (JsonNode i : answer.json()) {
            if (component.equals(i.path("component").asText()) && i.path("detectedAt").isTextual()
                    && !Instant.parse(i.path("detectedAt").asText()).isBefore(brokenAt.minusSeconds(5))) {
                // The first one opened since the failure (a later one of the same component is an echo).
                found = i.path("incidentId").asText();
            }
        }
        return found;
    }

    private static boolean recovered(JsonNode incident) {
        return incident != null && "RECOVERED".equals(incident.path("state").asText())
                && incident.path("timeToRecoverSeconds").isNumber();
    }

    private static String states(Map<String, JsonNode> incidents) {
        List<String> states = new ArrayList<>();
        incidents.forEach((c, i) -> states.add(c + " " + i.path("state").asText()));
        return states.isEmpty() ? "none yet" : String.join(", ", states);
    }

    private static Long longest(Map<String, JsonNode> incidents, String field) {
        Long max = null;
        for (JsonNode i : incidents.values()) {
            Long v = number(i, field);
            if (v != null && (max == null || v > max)) {
                max = v;
            }
        }
        return max;
    }

    private static Long number(JsonNode node, String field) {
        return node == null || !node.path(field).isNumber() ? null : node.path(field).asLong();
    }

    private boolean appReady() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(appUrl + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String ping() {
        try {
            return cache.command("PING", true);
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    private long redisPid() {
        try {
            return Long.parseLong(Files.readString(redisPidFile).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private JsonNode topology() {
        LivePlatform.Answer answer = platform.get(LivePlatform.FAILOVER, "/api/v1/database/topology");
        return answer.ok() ? answer.json() : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private void step(String what) {
        double elapsed = (System.nanoTime() - t0) / 1e9;
        timeline.add(new DrillResult.Step(what, Instant.now(), Math.round(elapsed * 10) / 10.0));
        progress(what);
    }

    private void progress(String what) {
        double elapsed = t0 == 0 ? 0 : (System.nanoTime() - t0) / 1e9;
        out.printf("[%7.1fs] %s   (RTO %s: %s left)%n", elapsed, what, Units.seconds(rto.toSeconds()),
                Units.seconds(rto.toSeconds() - (long) elapsed));
        out.flush();
    }
}
