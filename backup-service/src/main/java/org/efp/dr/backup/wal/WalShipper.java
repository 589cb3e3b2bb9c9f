package org.efp.dr.backup.wal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import org.efp.dr.backup.postgres.PgTarget;
import org.efp.dr.backup.storage.ClientEncryption;
import org.efp.dr.backup.storage.ObjectStore;
import org.efp.dr.common.backupformat.BackupKeys;
import org.jboss.logging.Logger;

/**
 * Ships the spool to S3 (zstd, then encrypted when client-side encryption is on): completed segments and timeline
 * history files in order, then every partial segment that changed. It checks that segments follow each other,
 * within a timeline and across a timeline switch (using the switch point of the new timeline's history file), and
 * measures how far S3 is behind the current primary: only WAL the receiver confirmed flushed before a shipment
 * counts as archived, so a receiver that is not streaming makes the lag grow from its last receipt.
 */
final class WalShipper {

    private static final Logger LOG = Logger.getLogger(WalShipper.class);
    private static final String PARTIAL = ".partial";

    /** One look at the primary: its WAL position, how far our receiver flushed (null: not streaming), its timeline. */
    record Position(long current, Long flushed, int timeline) {
    }

    private record Sample(Instant at, long lsn) {
    }

    private final Path spool;
    private final String slot;
    private final String prefix;
    private final ObjectStore store;
    private final ClientEncryption encryption;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final List<String> gaps = new CopyOnWriteArrayList<>();
    private final List<String> gapRanges = new CopyOnWriteArrayList<>();
    private final Map<Integer, TimelineHistory> histories = new HashMap<>();
    private final Map<String, String> partialsShipped = new HashMap<>();
    private PgTarget sampledTarget;
    private volatile long shippedLsn;
    private volatile Instant caughtUpAt;
    private volatile String lastSegment;
    private volatile long segmentsArchived;
    private volatile Integer timeline;

    WalShipper(Path spool, String slot, String prefix, ObjectStore store, ClientEncryption encryption, Clock clock,
            String lastArchived) {
        this.spool = spool;
        this.slot = slot;
        this.prefix = prefix;
        this.store = store;
        this.encryption = encryption;
        this.clock = clock;
        this.lastSegment = lastArchived;
    }

    String key(String fileName) {
        return prefix + fileName + ".zst";
    }

    /**
     * One shipment. {@code target} is the primary streamed from now (null while there is none); its position is
     * read before the files are shipped, so what it says was flushed is in S3 once this returns.
     *
     * @throws SQLException when the primary could not be asked (the spool was shipped all the same)
     */
    synchronized void ship(PgTarget target) throws IOException, SQLException {
        Instant at = clock.instant();
        Position position = null;
        SQLException unreachable = null;
        if (target == null) {
            unreachable = new SQLException("no primary to archive WAL from");
        } else {
            try {
                position = position(target);
            } catch (SQLException e) {
                unreachable = e;
            }
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(spool)) {
            files = list.sorted().toList();
        }
        int newestTimeline = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (TimelineHistory.isHistoryFile(name)) {
                TimelineHistory history = TimelineHistory.parse(name, Files.readString(file));
                upload(file, key(name));
                histories.put(history.timeline(), history);
                Files.delete(file);
            } else if (WalSegments.isSegment(name)) {
                checkContinuity(name);
                upload(file, key(name));
                Files.delete(file);
                lastSegment = name;
                segmentsArchived++;
                newestTimeline = Math.max(newestTimeline, WalSegments.timeline(name));
            }
        }
        shipPartials(files, newestTimeline);
        if (position != null) {
            record(at, target, position);
        }
        if (unreachable != null) {
            throw unreachable;
        }
    }

    private void shipPartials(List<Path> files, int newestTimeline) throws IOException {
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (!name.endsWith(PARTIAL) || !Files.exists(file)) {
                continue;
            }
            String segment = name.substring(0, name.length() - PARTIAL.length());
            String version = Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
            if (!version.equals(partialsShipped.get(name))) {
                upload(file, key(name));
                partialsShipped.put(name, version);
            }
            if (WalSegments.isSegment(segment) && WalSegments.timeline(segment) < newestTimeline) {
                // The old timeline ended inside this segment; its shipped copy stays in S3, the newer timeline goes on.
                Files.delete(file);
                partialsShipped.remove(name);
            }
        }
    }

    private void checkContinuity(String name) {
        List<String> missing;
        String last = lastSegment;
        if (last == null || WalSegments.timeline(name) <= WalSegments.timeline(last)) {
            missing = WalSegments.gap(Optional.ofNullable(last), name);
        } else {
            OptionalLong switchPoint = history(WalSegments.timeline(name))
                    .map(h -> h.switchPoint(WalSegments.timeline(last))).orElse(OptionalLong.empty());
            if (switchPoint.isEmpty()) {
                LOG.warnf("WAL archive moves from timeline %d to %d without its history: cannot check for a gap",
                        WalSegments.timeline(last), WalSegments.timeline(name));
                return;
            }
            missing = WalSegments.gapAcrossSwitch(last, name, switchPoint.getAsLong());
            if (!missing.isEmpty()) {
                gapRanges.add(String.format("timeline %d to %d (switch at %s): WAL from %s to %s is missing",
                        WalSegments.timeline(last), WalSegments.timeline(name),
                        WalSegments.lsnText(switchPoint.getAsLong()),
                        WalSegments.lsnText(WalSegments.startLsn(missing.get(0))),
                        WalSegments.lsnText(WalSegments.startLsn(name))));
            }
        }
        if (!missing.isEmpty()) {
            gaps.addAll(missing);
            if (WalSegments.timeline(name) == WalSegments.timeline(missing.get(0))) {
                gapRanges.add(String.format("timeline %d: WAL from %s to %s is missing", WalSegments.timeline(name),
                        WalSegments.lsnText(WalSegments.startLsn(missing.get(0))),
                        WalSegments.lsnText(WalSegments.startLsn(name))));
            }
            LOG.errorf("WAL archive gap: segments %s to %s are missing before %s", missing.get(0),
                    missing.get(missing.size() - 1), name);
        }
    }

    private Optional<TimelineHistory> history(int tli) {
        TimelineHistory known = histories.get(tli);
        if (known != null) {
            return Optional.of(known);
        }
        String name = TimelineHistory.fileName(tli);
        String key = key(name);
        try (InputStream in = new ZstdInputStream(encryption.decrypting(store.open(key),
                BackupKeys.bindingOf(key), false))) {
            TimelineHistory history = TimelineHistory.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            histories.put(tli, history);
            return Optional.of(history);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot read %s from the archive: %s", name, e.getMessage());
            return Optional.empty();
        }
    }

    private Position position(PgTarget target) throws SQLException {
        try (Connection c = target.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT pg_current_wal_lsn()::text, (SELECT r.flush_lsn::text FROM pg_replication_slots s "
                        + "JOIN pg_stat_replication r ON r.pid = s.active_pid WHERE s.slot_name = ?), "
                        + "substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String flushed = rs.getString(2);
                return new Position(WalSegments.lsn(rs.getString(1)), flushed == null ? null : WalSegments.lsn(flushed),
                        Integer.parseInt(rs.getString(3), 16));
            }
        }
    }

    private void upload(Path file, String key) throws IOException {
        store.put(key, encryption.encrypt(key, Zstd.compress(Files.readAllBytes(file), 1)), "application/octet-stream");
    }

    private void record(Instant at, PgTarget target, Position position) {
        if (!target.equals(sampledTarget)) {
            // Another primary: its positions are what counts now (the old one may have written WAL that never
            // reached the new one). The time of the last receipt stays, so the lag keeps growing until it streams.
            samples.clear();
            shippedLsn = 0;
            sampledTarget = target;
        }
        samples.addLast(new Sample(at, position.current()));
        while (samples.size() > 600) {
            samples.removeFirst();
        }
        timeline = position.timeline();
        if (position.flushed() == null) {
            return;
        }
        shippedLsn = Math.max(shippedLsn, position.flushed());
        samples.stream().filter(s -> s.lsn() <= shippedLsn).reduce((a, b) -> b)
                .ifPresent(s -> caughtUpAt = caughtUpAt == null || s.at().isAfter(caughtUpAt) ? s.at() : caughtUpAt);
    }

    /** Seconds of committed WAL not yet in S3, counted from the last moment everything was; infinite before that. */
    double lagSeconds() {
        Instant at = caughtUpAt;
        return at == null ? Double.POSITIVE_INFINITY
                : Math.max(0, Duration.between(at, clock.instant()).toMillis() / 1000.0);
    }

    long shippedLsn() {
        return shippedLsn;
    }

    Instant caughtUpAt() {
        return caughtUpAt;
    }

    String lastSegment() {
        return lastSegment;
    }

    long segmentsArchived() {
        return segmentsArchived;
    }

    Integer timeline() {
        return timeline;
    }

    List<String> gaps() {
        return List.copyOf(gaps);
    }

    List<String> gapRanges() {
        return List.copyOf(gapRanges);
    }
}
