package org.efp.dr.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.efp.dr.testkit.OsCommand;
import org.efp.dr.common.text.Units;

/**
 * The guide's database_failure scenario, live: a client commits a row every 20 ms and remembers each acknowledged
 * commit; the energy_forecast primary's postmaster is killed (SIGKILL, as a crashed machine leaves it); then the
 * drill only watches: the platform must detect the loss, promote the standby and measure the incident
 * (metrics-service: detect, respond, recover, monitoring). The killed server is then started again, as its rebooted
 * machine would, and the platform must rejoin it as a streaming standby. Acknowledged commits missing on the new
 * primary are the data lost.
 */
final class DatabaseFailureDrill {

    static final String SCENARIO = "database_failure";
    static final String COMPONENT = "database";

    private final LivePlatform platform;
    private final Duration rto;
    private final Duration rpo;
    private final Duration watchTimeout;
    private final Duration rejoinTimeout;
    private final PrintStream out;
    private final List<DrillResult.Step> timeline = new ArrayList<>();
    private long t0;
    private Instant killedAt;

    /**
     * {@code watchTimeout}: how long to watch for the measured recovery before giving up (the RTO at most: a
     * recovery slower than that has missed it anyway).
     */
    DatabaseFailureDrill(LivePlatform platform, Duration rto, Duration rpo, Duration watchTimeout,
            Duration rejoinTimeout, PrintStream out) {
        this.platform = platform;
        this.rto = rto;
        this.rpo = rpo;
        this.watchTimeout = watchTimeout.compareTo(rto) < 0 ? watchTimeout : rto;
        this.rejoinTimeout = rejoinTimeout;
        this.out = out;
    }

    DrillResult run(String drillId) throws Exception {
        Instant startedAt = Instant.now();
        JsonNode topology = topology();
        String victim = topology.path("primary").asText(null);
        if (victim == null || !platform.nodeDataDirs().containsKey(victim)
                || !platform.nodeJdbcUrls().containsKey(victim)) {
            throw new IllegalStateException("failover-service names no primary this host runs (topology primary: "
                    + victim + ", nodes here: " + platform.nodeDataDirs().keySet() + ")");
        }
        if (topology.path("streamingStandbys").asLong() < 1) {
            throw new IllegalStateException("the primary " + victim + " has no streaming standby: a failover "
                    + "would lose data; wait until the topology shows one (GET /api/v1/database/topology)");
        }
        String victimUrl = platform.nodeJdbcUrls().get(victim);
        Path dataDir = platform.nodeDataDirs().get(victim);
        String pid = postmasterPid(dataDir);
        out.printf("drill %s: %s, primary %s (postmaster %s), RTO %s, RPO %s%n", drillId, SCENARIO, victim, pid,
                Units.seconds(rto.toSeconds()), rpo == null ? "n/a" : Units.seconds(rpo.toSeconds()));

        String failure = null;
        String incidentId = null;
        JsonNode incident = null;
        String promoted = null;
        List<Long> missing = List.of();
        long acknowledged;
        boolean restarted = false;
        Writer writer = new Writer(List.copyOf(platform.nodeJdbcUrls().values()), platform.databaseUser(),
                Duration.ofMillis(20));
        try {
            waitFor(Duration.ofSeconds(30), () -> writer.acknowledgedCount() >= 50);
            t0 = System.nanoTime();
            killedAt = Instant.now();
            kill9(pid);
            step("killed the primary " + victim + " (kill -9 of postmaster " + pid + ") after "
                    + writer.acknowledgedCount() + " acknowledged commits");

            boolean writesFailed = false;
            boolean writable = false;
            String state = null;
            boolean detected = false;
            boolean responded = false;
            long nextHeartbeat = System.nanoTime() + 15_000_000_000L;
            long deadline = t0 + watchTimeout.toNanos();
            while (true) {
                if (!writesFailed && writer.writingTo() == null) {
                    writesFailed = true;
                    step("the client's writes fail");
                }
                String to = writer.writingTo();
                if (!writable && to != null && !to.equals(victimUrl) && writer.firstAckOnConnectionNanos() > t0) {
                    writable = true;
                    step("the client's writes are accepted again (" + node(to) + ")");
                }
                JsonNode now = topology();
                String primary = now.path("primary").asText(null);
                if (promoted == null && primary != null && !primary.equals(victim)) {
                    promoted = primary;
                    incidentId = now.path("incidentId").asText(null);
                    step("failover-service promoted " + primary + " (timeline " + now.path("timeline").asText("?")
                            + ", incident " + incidentId + ")");
                }
                if (incidentId == null) {
                    incidentId = findIncident();
                }
                if (incidentId != null) {
                    LivePlatform.Answer answer = platform.get(LivePlatform.METRICS, "/incidents/" + incidentId);
                    if (answer.ok()) {
                        incident = answer.json();
                        if (!detected && incident.path("timeToDetectSeconds").isNumber()) {
                            detected = true;
                            step("metrics-service: detected, time to detect "
                                    + incident.path("timeToDetectSeconds").asLong() + "s");
                        }
                        if (!responded && incident.path("timeToRespondSeconds").isNumber()) {
                            responded = true;
                            step("metrics-service: recovery started, time to respond "
                                    + incident.path("timeToRespondSeconds").asLong() + "s");
                        }
                        String s = incident.path("state").asText() + "/" + incident.path("monitoring").asText("-");
                        if (!s.equals(state)) {
                            state = s;
                            step("metrics-service: incident " + incidentId + " state " + incident.path("state")
                                    .asText() + ", monitoring " + incident.path("monitoring").asText("-"));
                        }
                        if (incident.path("timeToRecoverSeconds").isNumber()
                                && "RECOVERED".equals(incident.path("state").asText())) {
                            step("metrics-service: recovered, time to recover "
                                    + incident.path("timeToRecoverSeconds").asLong() + "s");
                            break;
                        }
                        if ("FAILED".equals(incident.path("monitoring").asText())) {
                            failure = "the recovery failed its monitoring: " + failedSignals(incidentId);
                            break;
                        }
                    }
                }
                if (System.nanoTime() > deadline) {
                    failure = "not measured as recovered within " + Units.seconds(watchTimeout.toSeconds())
                            + (incidentId == null ? " (no incident was opened)" : " (incident state " + state + ")");
                    step("gave up watching: " + failure);
                    break;
                }
                if (System.nanoTime() > nextHeartbeat) {
                    nextHeartbeat = System.nanoTime() + 15_000_000_000L;
                    progress("waiting: " + (promoted == null ? "no promotion yet" : "incident " + incidentId + " "
                            + (state == null ? "not measured yet" : state)));
                }
                LockSupport.parkNanos(250_000_000L);
            }

            step("starting " + victim + " again, as its machine would after a reboot");
            restarted = true;
            restart(dataDir);
            String rejoined = awaitRejoin(victim);
            if (rejoined == null) {
                String note = victim + " was not rejoined as a streaming standby within "
                        + Units.seconds(rejoinTimeout.toSeconds());
                step(note);
                failure = failure == null ? note : failure + "; " + note;
            } else {
                step(rejoined);
            }
        } finally {
            writer.close();
            if (killedAt != null && !restarted) {
                // The drill broke off while watching: the server it killed is not left down.
                restart(dataDir);
            }
        }
        acknowledged = writer.acknowledgedCount();
        String current = topology().path("primary").asText(null);
        String currentUrl = current == null ? null : platform.nodeJdbcUrls().get(current);
        Long lostSeconds = null;
        Long lostCommits = null;
        if (currentUrl != null) {
            missing = writer.missingIdsOn(currentUrl);
            lostCommits = (long) missing.size();
            lostSeconds = missing.isEmpty() ? 0L : lossWindowSeconds(writer, missing);
            step("counted acknowledged commits on " + current + ": " + missing.size() + " of " + acknowledged
                    + " missing");
            String notDropped = dropTable(platform, currentUrl);
            if (notDropped != null) {
                progress(notDropped);
            }
        } else {
            String note = "no primary to count acknowledged commits on";
            failure = failure == null ? note : failure + "; " + note;
        }
        Long incidentLoss = incident == null || !incident.path("dataLossSeconds").isNumber() ? null
                : incident.path("dataLossSeconds").asLong();
        Long dataLoss = lostSeconds == null ? incidentLoss
                : incidentLoss == null ? lostSeconds : Math.max(lostSeconds, incidentLoss);
        DrillResult.Measured measured = new DrillResult.Measured(incidentId,
                number(incident, "timeToDetectSeconds"), number(incident, "timeToRespondSeconds"),
                number(incident, "timeToRecoverSeconds"), dataLoss, acknowledged, lostCommits, failure);
        return DrillResult.judge(drillId, SCENARIO, COMPONENT, startedAt, Instant.now(), rto, rpo, measured,
                timeline, incidentId == null ? List.of() : notifications(platform, incidentId));
    }

    /** Seconds between the first lost commit's acknowledgement and the crash: the client's view of the data lost. */
    private long lossWindowSeconds(Writer writer, List<Long> missing) {
        Long first = writer.acknowledgedAtNanos(missing.get(0));
        return first == null ? 0 : Math.max(0, (t0 - first + 999_999_999L) / 1_000_000_000L);
    }

    /** The notifications notifier-service sent about the incident. */
    static List<DrillResult.Notification> notifications(LivePlatform platform, String incidentId) {
        LivePlatform.Answer answer = platform.get(LivePlatform.NOTIFIER, "/api/deliveries?incidentId=" + incidentId);
        List<DrillResult.Notification> sent = new ArrayList<>();
        if (answer.ok()) {
            for (JsonNode d : answer.json()) {
                sent.add(new DrillResult.Notification(d.path("channel").asText(null), d.path("recipient").asText(null),
                        d.path("subject").asText(null), d.path("status").asText(null)));
            }
        }
        return sent;
    }

    /** The monitoring signals that did not pass, as metrics-service last saw them. */
    private String failedSignals(String incidentId) {
        LivePlatform.Answer answer = platform.get(LivePlatform.METRICS, "/incidents/" + incidentId + "/monitoring");
        List<String> failed = new ArrayList<>();
        for (JsonNode job : answer.json()) {
            for (JsonNode signal : job.path("signals")) {
                if (!"PASSED".equals(signal.path("verdict").asText())) {
                    failed.add(signal.path("name").asText() + " " + signal.path("verdict").asText() + " ("
                            + signal.path("detail").asText() + ")");
                }
            }
        }
        return failed.isEmpty() ? "see GET /incidents/" + incidentId + "/monitoring on metrics-service"
                : String.join(", ", failed);
    }

    /** A database incident metrics-service opened since the kill, when the topology did not name one. */
    private String findIncident() {
        LivePlatform.Answer answer = platform.get(LivePlatform.METRICS, "/incidents?limit=20");
        if (!answer.ok()) {
            return null;
        }
        for (JsonNode i : answer.json()) {
            if (COMPONENT.equals(i.path("component").asText()) && i.path("detectedAt").isTextual()
                    && !Instant.parse(i.path("detectedAt").asText()).isBefore(killedAt.minusSeconds(5))) {
                return i.path("incidentId").asText();
            }
        }
        return null;
    }

    private String awaitRejoin(String address) {
        long restarted = System.nanoTime();
        long deadline = restarted + rejoinTimeout.toNanos();
        long nextHeartbeat = restarted + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode member : topology().path("members")) {
                if (address.equals(member.path("member").asText()) && "STANDBY".equals(member.path("role").asText())
                        && member.path("streaming").asBoolean()) {
                    return String.format("failover-service rejoined %s as a streaming standby (%.1fs after its "
                            + "restart)", address, (System.nanoTime() - restarted) / 1e9);
                }
            }
            if (System.nanoTime() > nextHeartbeat) {
                nextHeartbeat = System.nanoTime() + 15_000_000_000L;
                progress("waiting for " + address + " to rejoin");
            }
            LockSupport.parkNanos(500_000_000L);
        }
        return null;
    }

    private JsonNode topology() {
        LivePlatform.Answer answer = platform.get(LivePlatform.FAILOVER, "/api/v1/database/topology");
        return answer.ok() ? answer.json() : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private void restart(Path dataDir) {
        try {
            OsCommand.postgres(dataDir.getParent(), "pg_ctl", "-D", dataDir.toString(), "-l",
                    dataDir.getParent().resolve("postgres.log").toString(), "-w", "-t", "60", "start");
        } catch (IllegalStateException e) {
            // A fenced node may refuse to start or to take connections until the platform rewinds it.
            progress("the restarted server is not up by itself (" + firstLine(e.getMessage()) + "); the platform "
                    + "must handle that");
        }
    }

    /** Drops the drill's write-load table; returns why not when it could not. */
    static String dropTable(LivePlatform platform, String url) {
        Properties credentials = new Properties();
        credentials.setProperty("user", platform.databaseUser());
        try (Connection c = DriverManager.getConnection(url, credentials); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + Writer.TABLE);
            return null;
        } catch (SQLException e) {
            return "could not drop the drill's table " + Writer.TABLE + ": " + e.getMessage();
        }
    }

    private void step(String what) {
        Instant at = Instant.now();
        double elapsed = t0 == 0 ? 0 : (System.nanoTime() - t0) / 1e9;
        timeline.add(new DrillResult.Step(what, at, Math.round(elapsed * 10) / 10.0));
        print(elapsed, what);
    }

    private void progress(String what) {
        print(t0 == 0 ? 0 : (System.nanoTime() - t0) / 1e9, what);
    }

    private void print(double elapsed, String what) {
        long left = rto.toSeconds() - (long) elapsed;
        out.printf("[%7.1fs] %s   (RTO %s: %s left)%n", elapsed, what, Units.seconds(rto.toSeconds()),
                Units.seconds(left));
        out.flush();
    }

    private static Long number(JsonNode node, String field) {
        return node == null || !node.path(field).isNumber() ? null : node.path(field).asLong();
    }

    private String node(String jdbcUrl) {
        return platform.nodeJdbcUrls().entrySet().stream().filter(e -> Objects.equals(e.getValue(), jdbcUrl))
                .map(java.util.Map.Entry::getKey).findFirst().orElse(jdbcUrl);
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    static String postmasterPid(Path dataDir) throws IOException {
        Path file = dataDir.resolve("postmaster.pid");
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("no postmaster.pid in " + dataDir + ": is the primary running here?");
        }
        String pid = Files.readAllLines(file).get(0).trim();
        if (!pid.matches("[0-9]{1,9}")) {
            throw new IllegalStateException("no postmaster pid in " + file);
        }
        return pid;
    }

    private static void kill9(String pid) throws IOException, InterruptedException {
        if (new ProcessBuilder("kill", "-9", pid).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("kill -9 " + pid + " failed");
        }
    }

    private static void waitFor(Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the client's first writes were not acknowledged within "
                        + timeout.toSeconds() + "s");
            }
            LockSupport.parkNanos(100_000_000L);
        }
    }
}
