package org.efp.dr.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The guide's model_failure scenario, live: the live model directory disappears (it is moved aside, so nothing is
 * lost when the platform does not bring it back); then the drill only watches whether the platform notices (an
 * ml-models incident in metrics-service), restores the files and measures its recovery. When nothing notices within
 * the watch time, the scenario is NOT_DETECTED and the drill puts the directory back itself.
 */
final class ModelFailureDrill {

    static final String SCENARIO = "model_failure";
    static final String COMPONENT = "ml-models";

    private final LivePlatform platform;
    private final Path modelsDir;
    private final Duration rto;
    private final Duration rpo;
    private final Duration watchTimeout;
    private final PrintStream out;
    private final List<DrillResult.Step> timeline = new ArrayList<>();
    private long t0;

    ModelFailureDrill(LivePlatform platform, Path modelsDir, Duration rto, Duration rpo, Duration watchTimeout,
            PrintStream out) {
        this.platform = platform;
        this.modelsDir = modelsDir;
        this.rto = rto;
        this.rpo = rpo;
        this.watchTimeout = watchTimeout.compareTo(rto) < 0 ? watchTimeout : rto;
        this.out = out;
    }

    DrillResult run(String drillId) throws IOException {
        Instant startedAt = Instant.now();
        Map<String, Long> before = files(modelsDir);
        if (before.isEmpty()) {
            throw new IllegalStateException("the live model directory " + modelsDir + " holds no files: nothing to "
                    + "break (set DR_DRILL_MODELS_DIR to the directory the platform serves models from)");
        }
        long fileCount = fileCount(modelsDir);
        Path aside = modelsDir.resolveSibling(modelsDir.getFileName() + ".drill-" + drillId);
        out.printf("drill %s: %s, %d model file(s) in %s, RTO %s, RPO %s%n", drillId, SCENARIO, fileCount,
                modelsDir, DrillReport.seconds(rto.toSeconds()),
                rpo == null ? "n/a" : DrillReport.seconds(rpo.toSeconds()));
        t0 = System.nanoTime();
        Instant brokenAt = Instant.now();
        Files.move(modelsDir, aside);
        step("removed the live model directory " + modelsDir + " (" + fileCount + " file(s); kept aside as "
                + aside.getFileName() + ")");

        String incidentId = null;
        JsonNode incident = null;
        String failure = null;
        boolean restored = false;
        String state = null;
        long deadline = t0 + watchTimeout.toNanos();
        long nextHeartbeat = System.nanoTime() + 15_000_000_000L;
        while (true) {
            if (incidentId == null) {
                incidentId = findIncident(brokenAt);
                if (incidentId != null) {
                    step("metrics-service opened incident " + incidentId);
                }
            }
            if (incidentId != null) {
                LivePlatform.Answer answer = platform.get(LivePlatform.METRICS, "/incidents/" + incidentId);
                if (answer.ok()) {
                    incident = answer.json();
                    String s = incident.path("state").asText() + "/" + incident.path("monitoring").asText("-");
                    if (!s.equals(state)) {
                        state = s;
                        step("metrics-service: incident state " + incident.path("state").asText() + ", monitoring "
                                + incident.path("monitoring").asText("-"));
                    }
                }
            }
            if (!restored && Files.isDirectory(modelsDir) && files(modelsDir).keySet().containsAll(before.keySet())) {
                restored = true;
                step("the model files are back in " + modelsDir);
            }
            if (restored && incident != null && "RECOVERED".equals(incident.path("state").asText())) {
                break;
            }
            if (System.nanoTime() > deadline) {
                failure = incidentId == null
                        ? "nothing noticed the missing model directory within "
                                + DrillReport.seconds(watchTimeout.toSeconds()) + " (no ml-models incident)"
                        : "not measured as recovered within " + DrillReport.seconds(watchTimeout.toSeconds())
                                + " (incident state " + state + (restored ? "" : ", files not restored") + ")";
                step("gave up watching: " + failure);
                break;
            }
            if (System.nanoTime() > nextHeartbeat) {
                nextHeartbeat = System.nanoTime() + 15_000_000_000L;
                print("waiting: " + (incidentId == null ? "no incident yet" : "incident " + state)
                        + (restored ? ", files restored" : ", files still missing"));
            }
            LockSupport.parkNanos(500_000_000L);
        }
        long lostFiles = 0;
        if (!restored) {
            if (Files.exists(modelsDir)) {
                step("the platform left a partial " + modelsDir + "; it is replaced by the original files");
                deleteTree(modelsDir);
            }
            Files.move(aside, modelsDir);
            step("put the original model directory back (the platform did not restore it)");
            lostFiles = before.size();
        } else {
            Map<String, Long> after = files(modelsDir);
            lostFiles = before.entrySet().stream().filter(e -> !e.getValue().equals(after.get(e.getKey()))).count();
            deleteTree(aside);
        }
        Long detect = incident == null || !incident.path("timeToDetectSeconds").isNumber() ? null
                : incident.path("timeToDetectSeconds").asLong();
        DrillResult.Measured measured = new DrillResult.Measured(incidentId, detect,
                incident == null || !incident.path("timeToRespondSeconds").isNumber() ? null
                        : incident.path("timeToRespondSeconds").asLong(),
                restored && incident != null && incident.path("timeToRecoverSeconds").isNumber()
                        ? incident.path("timeToRecoverSeconds").asLong() : null,
                incident == null || !incident.path("dataLossSeconds").isNumber() ? null
                        : incident.path("dataLossSeconds").asLong(),
                null, null, lostFiles == 0 ? failure
                        : (failure == null ? "" : failure + "; ") + lostFiles + " of " + before.size()
                                + " model file name(s) not restored as they were");
        return DrillResult.judge(drillId, SCENARIO, COMPONENT, startedAt, Instant.now(), rto, rpo, measured, timeline,
                incidentId == null ? List.of() : DatabaseFailureDrill.notifications(platform, incidentId));
    }

    private String findIncident(Instant brokenAt) {
        LivePlatform.Answer answer = platform.get(LivePlatform.METRICS, "/incidents?limit=20");
        if (!answer.ok()) {
            return null;
        }
        for (JsonNode i : answer.json()) {
            if (COMPONENT.equals(i.path("component").asText()) && i.path("detectedAt").isTextual()
                    && !Instant.parse(i.path("detectedAt").asText()).isBefore(brokenAt.minusSeconds(5))) {
                return i.path("incidentId").asText();
            }
        }
        return null;
    }

    /** File name → total size of the regular files of that name under {@code dir} (empty when it does not exist). */
    static Map<String, Long> files(Path dir) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        // Keyed by name, as a restore may bring the same files back under a new version directory; links inside
        // (current -> versions/x) are not followed, so no file counts twice.
        try (Stream<Path> walk = Files.walk(dir.toRealPath())) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.merge(p.getFileName().toString(), Files.size(p), Long::sum);
            }
        }
        return files;
    }

    private static long fileCount(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir.toRealPath())) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void step(String what) {
        double elapsed = (System.nanoTime() - t0) / 1e9;
        timeline.add(new DrillResult.Step(what, Instant.now(), Math.round(elapsed * 10) / 10.0));
        print(what);
    }

    private void print(String what) {
        double elapsed = (System.nanoTime() - t0) / 1e9;
        out.printf("[%7.1fs] %s   (RTO %s: %s left)%n", elapsed, what, DrillReport.seconds(rto.toSeconds()),
                DrillReport.seconds(rto.toSeconds() - (long) elapsed));
        out.flush();
    }
}
