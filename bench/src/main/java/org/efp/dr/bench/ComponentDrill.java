package org.efp.dr.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.efp.dr.common.text.Units;

/**
 * A live drill of one component (the guide's model_failure, cache_failure): break it, then only watch whether the
 * platform notices (an incident of the component in metrics-service), brings the component back by itself and
 * measures the incident as recovered. When it does not within the watch time (at most the RTO), the scenario is
 * NOT_DETECTED or FAILED and the drill puts things back itself, so a drill never leaves the platform broken.
 */
abstract class ComponentDrill {

    private final LivePlatform platform;
    private final String scenario;
    private final String component;
    private final Duration rto;
    private final Duration rpo;
    private final Duration watchTimeout;
    private final PrintStream out;
    private final List<DrillResult.Step> timeline = new ArrayList<>();
    private long t0;

    ComponentDrill(LivePlatform platform, String scenario, String component, Duration rto, Duration rpo,
            Duration watchTimeout, PrintStream out) {
        this.platform = platform;
        this.scenario = scenario;
        this.component = component;
        this.rto = rto;
        this.rpo = rpo;
        this.watchTimeout = watchTimeout.compareTo(rto) < 0 ? watchTimeout : rto;
        this.out = out;
    }

    /** What is about to be broken, checked before anything is (throws when there is nothing to break). */
    abstract String prepare() throws IOException;

    /** Breaks the component; returns what was done. */
    abstract String breakIt() throws IOException;

    /** {@code null} while the component is not back as it was, else how it is back. */
    abstract String healed() throws IOException;

    /** Puts the component back when the platform did not; returns what was done. */
    abstract String putBack() throws IOException;

    /** What was lost when the platform did not bring the component back ({@code null}: nothing to say). */
    String lost() {
        return null;
    }

    /** Called once the platform brought it back, before the result is judged (cleanup). */
    void after() throws IOException {
    }

    /** Acknowledged commits of the drill's write load ({@code null}: the scenario runs none). */
    Long acknowledgedCommits() {
        return null;
    }

    /** Acknowledged commits missing after the recovery ({@code null}: not counted). */
    Long lostCommits() {
        return null;
    }

    /** Seconds of acknowledged writes lost, as the client saw them ({@code null}: not counted). */
    Long lostSeconds() {
        return null;
    }

    /**
     * Called after {@link #after()}: what must hold for the next failure (a region failed back, say); {@code null}
     * when it holds, else what does not, which fails the scenario however fast it recovered.
     */
    String readyForNext() throws IOException {
        return null;
    }

    DrillResult run(String drillId) throws IOException {
        Instant startedAt = Instant.now();
        String what = prepare();
        out.printf("drill %s: %s, %s, RTO %s, RPO %s%n", drillId, scenario, what,
                Units.seconds(rto.toSeconds()), rpo == null ? "n/a" : Units.seconds(rpo.toSeconds()));
        Set<String> before = incidentIds();
        t0 = System.nanoTime();
        Instant brokenAt = Instant.now();
        step(breakIt());

        String incidentId = null;
        JsonNode incident = null;
        String failure = null;
        boolean restored = false;
        String state = null;
        long deadline = t0 + watchTimeout.toNanos();
        long nextHeartbeat = System.nanoTime() + 15_000_000_000L;
        while (true) {
            if (incidentId == null) {
                incidentId = findIncident(brokenAt, before);
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
            if (!restored) {
                String back = healed();
                if (back != null) {
                    restored = true;
                    step(back);
                }
            }
            if (restored && incident != null && "RECOVERED".equals(incident.path("state").asText())) {
                break;
            }
            if (System.nanoTime() > deadline) {
                failure = incidentId == null
                        ? "nothing noticed within " + Units.seconds(watchTimeout.toSeconds()) + " (no "
                                + component + " incident)"
                        : "not measured as recovered within " + Units.seconds(watchTimeout.toSeconds())
                                + " (incident state " + state + (restored ? "" : ", not brought back") + ")";
                step("gave up watching: " + failure);
                break;
            }
            if (System.nanoTime() > nextHeartbeat) {
                nextHeartbeat = System.nanoTime() + 15_000_000_000L;
                print("waiting: " + (incidentId == null ? "no incident yet" : "incident " + state)
                        + (restored ? ", back" : ", still broken"));
            }
            LockSupport.parkNanos(500_000_000L);
        }
        String lost = null;
        if (!restored) {
            step(putBack());
            lost = lost();
        } else {
            after();
            String notReady = readyForNext();
            if (notReady != null) {
                step(notReady);
                failure = failure == null ? notReady : failure + "; " + notReady;
            }
        }
        Long incidentLoss = seconds(incident, "dataLossSeconds");
        Long clientLoss = lostSeconds();
        Long dataLoss = incidentLoss;
        if (clientLoss != null) {
            dataLoss = incidentLoss == null ? clientLoss : Long.valueOf(Math.max(clientLoss, incidentLoss));
        }
        DrillResult.Measured measured = new DrillResult.Measured(incidentId, seconds(incident, "timeToDetectSeconds"),
                seconds(incident, "timeToRespondSeconds"),
                restored ? seconds(incident, "timeToRecoverSeconds") : null, dataLoss, acknowledgedCommits(),
                lostCommits(), lost == null ? failure : (failure == null ? "" : failure + "; ") + lost);
        return DrillResult.judge(drillId, scenario, component, startedAt, Instant.now(), rto, rpo, measured, timeline,
                incidentId == null ? List.of() : DatabaseFailureDrill.notifications(platform, incidentId));
    }

    private static Long seconds(JsonNode incident, String field) {
        return incident == null || !incident.path(field).isNumber() ? null : incident.path(field).asLong();
    }

    /** The ids of the component's incidents metrics-service knows now (an earlier failure's, not this one's). */
    private Set<String> incidentIds() {
        Set<String> ids = new HashSet<>();
        LivePlatform.Answer answer = platform.get(LivePlatform.METRICS, "/incidents?limit=20");
        if (answer.ok()) {
            answer.json().forEach(i -> ids.add(i.path("incidentId").asText()));
        }
        return ids;
    }

    /**
     * The newest incident of the component detected since the failure was caused (5 s of clock skew allowed), other
     * than those known before it was.
     */
    private String findIncident(Instant brokenAt, Set<String> before) {
        LivePlatform.Answer answer = platform.get(LivePlatform.METRICS, "/incidents?limit=20");
        if (!answer.ok()) {
            return null;
        }
        for (JsonNode i : answer.json()) {
            if (component.equals(i.path("component").asText()) && !before.contains(i.path("incidentId").asText())
                    && i.path("detectedAt").isTextual()
                    && !Instant.parse(i.path("detectedAt").asText()).isBefore(brokenAt.minusSeconds(5))) {
                return i.path("incidentId").asText();
            }
        }
        return null;
    }

    /** Records a moment of the drill on its timeline and prints it. */
    final void step(String what) {
        double elapsed = (System.nanoTime() - t0) / 1e9;
        timeline.add(new DrillResult.Step(what, Instant.now(), Math.round(elapsed * 10) / 10.0));
        print(what);
    }

    private void print(String what) {
        double elapsed = (System.nanoTime() - t0) / 1e9;
        out.printf("[%7.1fs] %s   (RTO %s: %s left)%n", elapsed, what, Units.seconds(rto.toSeconds()),
                Units.seconds(rto.toSeconds() - (long) elapsed));
        out.flush();
    }
}
