package org.efp.dr.backup.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.efp.dr.backup.postgres.PgTarget;
import org.efp.dr.common.postgres.PgTools;
import org.jboss.logging.Logger;

/**
 * Keeps {@code pg_receivewal --synchronous} streaming from the cluster's current primary into the spool, through a
 * replication slot (created on whichever server is primary, so WAL written while the archiver is away is kept).
 * When the primary moves ({@link #reattach}), the receiver against the old one is stopped and a new one starts
 * against the new one: it resumes from the spool's newest segment, so the new primary sends the old timeline up to
 * the switch point, then the new timeline's history file and WAL, and nothing in between is lost.
 */
final class WalReceiver {

    private static final Logger LOG = Logger.getLogger(WalReceiver.class);
    private static final Pattern FORKED = Pattern.compile("forked from timeline (\\d+) at ([0-9A-F]+/[0-9A-F]+)");
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final PgTools tools;
    private final Path spool;
    private final String slot;
    private final Clock clock;
    private final Supplier<PgTarget> primary;
    private final Object wake = new Object();
    private volatile boolean running;
    /** Bumped by every re-attach; a run of pg_receivewal serves the value it started under. */
    private final AtomicLong attachRequests = new AtomicLong();
    private volatile long attachedFor = -1;
    private volatile PgTarget target;
    private volatile Process process;
    private volatile String lastError;
    private Duration backoff = Duration.ofSeconds(1);

    WalReceiver(PgTools tools, Path spool, String slot, Clock clock, Supplier<PgTarget> primary) {
        this.tools = tools;
        this.spool = spool;
        this.slot = slot;
        this.clock = clock;
        this.primary = primary;
    }

    /** Allows {@link #run()} to stream (until {@link #stop()}). */
    void start() {
        running = true;
    }

    /** Streams until {@link #stop()}; run it on a thread of its own after {@link #start()}. */
    void run() {
        while (running) {
            long request = attachRequests.get();
            try {
                PgTarget next = primary.get();
                if (!next.equals(target)) {
                    LOG.infof("WAL archive attaches to %s (was %s) slot=%s", next, target, slot);
                    target = next;
                }
                Files.createDirectories(spool);
                ensureSlot(next);
                claimSpool(next);
                stopLeftBehind();
                clearInterruptedPreallocation();
                PgTools.Run run = tools.startLongRunning("pg_receivewal", List.of("-h", next.host(), "-p",
                        String.valueOf(next.port()), "-U", next.user(), "-D", spool.toString(), "--slot=" + slot,
                        "--synchronous", "--no-loop", "--no-password"), next.clientEnv());
                process = run.process();
                attachedFor = request;
                if (attachRequests.get() != request) {
                    // A re-attach came while this one was being set up: go round again with the newest primary.
                    run.process().destroy();
                }
                backoff = Duration.ofSeconds(1);
                lastError = null;
                run.awaitSuccess();
                if (running && attachRequests.get() == request) {
                    lastError = "pg_receivewal ended";
                }
            } catch (IOException | SQLException | RuntimeException e) {
                if (running && attachRequests.get() == request) {
                    failed(e);
                }
            }
            pause();
        }
    }

    /**
     * Stops the pg_receivewal processes that write into this spool and that this receiver did not start: left by an
     * earlier run of this archiver whose JVM was killed (the child orphaned, still streaming and holding the slot, so
     * no new receiver could attach). The spool is this archiver's own: nothing else writes into it.
     */
    private void stopLeftBehind() {
        for (ProcessHandle left : leftBehind(spool, slot, process)) {
            LOG.warnf("a pg_receivewal left by an earlier run of this archiver (pid %d) still writes into %s and "
                    + "holds the slot: stopped", left.pid(), spool);
            left.destroy();
            try {
                left.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                left.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The live pg_receivewal processes, other than {@code own}, that write into {@code spool} ({@code -D}, compared as
     * normalized absolute paths) through {@code slot}.
     */
    static List<ProcessHandle> leftBehind(Path spool, String slot, Process own) {
        Path dir = spool.toAbsolutePath().normalize();
        long ownPid = own == null ? -1 : own.pid();
        return ProcessHandle.allProcesses().filter(p -> p.pid() != ownPid && p.isAlive())
                .filter(p -> p.info().command().map(c -> c.endsWith("/pg_receivewal")).orElse(false))
                .filter(p -> writesInto(p.info().arguments().orElse(new String[0]), dir, slot)).toList();
    }

    private static boolean writesInto(String[] args, Path dir, String slot) {
        boolean intoDir = false;
        boolean throughSlot = false;
        for (int i = 0; i < args.length; i++) {
            String value = "-D".equals(args[i]) && i + 1 < args.length ? args[i + 1]
                    : args[i].startsWith("--directory=") ? args[i].substring("--directory=".length()) : null;
            if (value != null) {
                try {
                    intoDir |= Path.of(value).toAbsolutePath().normalize().equals(dir);
                } catch (java.nio.file.InvalidPathException e) {
                    // not a path: not ours
                }
            }
            throughSlot |= ("--slot=" + slot).equals(args[i]);
        }
        return intoDir && throughSlot;
    }

    private void failed(Exception e) {
        String message = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
        lastError = message;
        Matcher forked = FORKED.matcher(message);
        if (message.contains("ahead of the WAL flush position")) {
            // The spool is ahead of the server: the cluster was restored or re-created behind our back.
            setAsideSpool("the spool is ahead of the server's WAL");
        } else if (forked.find()) {
            setAsideDiverged(Integer.parseInt(forked.group(1)), WalSegments.lsn(forked.group(2)));
        } else {
            LOG.warnf("WAL streaming from %s interrupted, retrying in %ds: %s", target, backoff.toSeconds(),
                    message);
        }
    }

    /**
     * Stops streaming from the current server and attaches to {@code primary}'s answer at once (the topology
     * changed); the slot and spool stay, so the new primary continues where the old one left off.
     */
    void reattach(String why) {
        LOG.infof("WAL archive re-attaches: %s", why);
        attachRequests.incrementAndGet();
        Process p = process;
        if (p != null) {
            p.destroy();
        }
        synchronized (wake) {
            backoff = Duration.ofMillis(100);
            wake.notifyAll();
        }
    }

    void stop() {
        running = false;
        Process p = process;
        if (p != null) {
            p.destroy();
            try {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** The server streamed from (or tried), null before the first attach. */
    PgTarget target() {
        return target;
    }

    boolean streaming() {
        Process p = process;
        return p != null && p.isAlive() && attachedFor == attachRequests.get();
    }

    String lastError() {
        return lastError;
    }

    private void pause() {
        synchronized (wake) {
            try {
                if (running) {
                    wake.wait(backoff.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /**
     * The spool belongs to one cluster (its system identifier; a promoted standby keeps it). WAL spooled from
     * another cluster (re-created, or a different server behind the same address) is set aside, never mixed into
     * this cluster's archive.
     */
    private void claimSpool(PgTarget server) throws SQLException, IOException {
        String systemId;
        try (Connection c = server.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
            rs.next();
            systemId = rs.getString(1);
        }
        Path marker = spool.resolve(".system-identifier");
        if (Files.exists(marker) && !Files.readString(marker).strip().equals(systemId)) {
            setAsideSpool("the spool holds WAL of cluster " + Files.readString(marker).strip() + ", not " + systemId);
        }
        Files.createDirectories(spool);
        Files.writeString(marker, systemId);
    }

    /**
     * pg_receivewal fills a new segment file with zeros to its full 16 MB before writing any WAL into it; stopped
     * or killed during that (a re-attach, a crash of this service) it leaves a shorter {@code .partial} it then
     * refuses to resume ("has N bytes, should be 0 or 16777216"), and the archive would stay stuck. Such a file
     * holds no WAL: it is removed, and streaming resumes at the end of the previous segment. A short file that is
     * not all zeros is not ours to judge: it is set aside, never deleted.
     */
    private void clearInterruptedPreallocation() throws IOException {
        List<Path> partials;
        try (Stream<Path> files = Files.list(spool)) {
            partials = files.filter(f -> f.getFileName().toString().endsWith(".partial")).toList();
        }
        for (Path partial : partials) {
            long size = Files.size(partial);
            if (size == 0 || size == WalSegments.SEGMENT_SIZE) {
                continue;
            }
            if (allZeros(partial)) {
                Files.delete(partial);
                LOG.warnf("WAL spool: %s was left half pre-allocated (%d of %d bytes, no WAL in it) by an "
                        + "interrupted pg_receivewal; removed, streaming resumes before it", partial.getFileName(),
                        size, WalSegments.SEGMENT_SIZE);
            } else {
                Path aside = Files.createDirectories(
                        spool.resolveSibling(spool.getFileName() + "-set-aside-" + clock.millis()));
                Files.move(partial, aside.resolve(partial.getFileName()));
                LOG.errorf("WAL spool: %s has %d bytes of WAL and is not a whole segment; set aside to %s, "
                        + "streaming resumes before it", partial.getFileName(), size, aside);
            }
        }
    }

    private static boolean allZeros(Path file) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private void setAsideSpool(String why) {
        Path aside = spool.resolveSibling(spool.getFileName() + "-set-aside-" + clock.millis());
        try {
            Files.move(spool, aside);
            Files.createDirectories(spool);
            LOG.errorf("WAL spool set aside to %s: %s", aside, why);
        } catch (IOException e) {
            LOG.errorf("cannot set the WAL spool aside (%s): %s", why, e.getMessage());
        }
    }

    /**
     * The old primary wrote WAL on {@code timeline} past the point where the new primary left it: those spooled
     * segments (already shipped as they were written) are kept aside, and streaming resumes at the fork.
     */
    private void setAsideDiverged(int timeline, long forkLsn) {
        Path aside = spool.resolveSibling(spool.getFileName() + "-diverged-" + clock.millis());
        try (Stream<Path> files = Files.list(spool)) {
            List<Path> diverged = files.filter(f -> {
                String name = f.getFileName().toString();
                String segment = name.endsWith(".partial") ? name.substring(0, name.length() - 8) : name;
                return WalSegments.isSegment(segment) && WalSegments.timeline(segment) == timeline
                        && WalSegments.number(segment) > forkLsn / WalSegments.SEGMENT_SIZE;
            }).toList();
            Files.createDirectories(aside);
            for (Path f : diverged) {
                Files.move(f, aside.resolve(f.getFileName()));
            }
            LOG.errorf("WAL of timeline %d past the fork at %s (written by the old primary only) set aside to %s: "
                    + "%s", timeline, WalSegments.lsnText(forkLsn), aside, diverged);
        } catch (IOException e) {
            LOG.errorf("cannot set diverged WAL aside: %s", e.getMessage());
        }
    }

    private void ensureSlot(PgTarget server) throws SQLException {
        try (Connection c = server.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT pg_create_physical_replication_slot(?, true) WHERE NOT EXISTS "
                        + "(SELECT 1 FROM pg_replication_slots WHERE slot_name = ?)")) {
            ps.setString(1, slot);
            ps.setString(2, slot);
            ps.execute();
        }
    }
}
