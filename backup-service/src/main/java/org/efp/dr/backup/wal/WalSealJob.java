package org.efp.dr.backup.wal;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.backup.catalog.BackupStatus;
import org.efp.dr.backup.catalog.Catalog;
import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.backup.job.BackupContext;
import org.efp.dr.backup.job.BackupJob;
import org.efp.dr.backup.job.JobResult;
import org.efp.dr.backup.manifest.Manifests;
import org.efp.dr.backup.postgres.CurrentPrimary;
import org.efp.dr.backup.postgres.PgTarget;
import org.efp.dr.backup.storage.ObjectStore;
import org.efp.dr.common.backupformat.Manifest;
import org.efp.dr.common.crypto.ObjectCipher;
import org.efp.dr.common.events.BackupKind;

/**
 * The guide's "incremental every 6 hours", PostgreSQL 15 style: the WAL archived since the previous base or
 * incremental backup, closed with a segment switch and sealed by a manifest listing every segment with its
 * checksum. Together with the base backup it builds on, it restores to any second up to its consistentAt.
 */
@ApplicationScoped
public class WalSealJob implements BackupJob {

    private static final Duration SHIP_TIMEOUT = Duration.ofSeconds(60);

    private final CurrentPrimary databases;
    private final WalArchiver archiver;
    private final Catalog catalog;
    private final ObjectStore store;
    private final Manifests manifests;

    public WalSealJob(CurrentPrimary databases, WalArchiver archiver, Catalog catalog, ObjectStore store,
            Manifests manifests) {
        this.databases = databases;
        this.archiver = archiver;
        this.catalog = catalog;
        this.store = store;
        this.manifests = manifests;
    }

    @Override
    public Set<BackupKind> kinds() {
        return Set.of(BackupKind.INCREMENTAL);
    }

    @Override
    public JobResult run(BackupContext context) throws Exception {
        PgTarget cluster = databases.target(context.target());
        Manifest.WalRange previous = previousRange(context.target())
                .orElseThrow(() -> new IllegalArgumentException("no completed base backup of " + context.target()
                        + " to build an incremental backup on: take a BASE backup first"));
        // The first segment holding WAL after the previous backup's end: a base backup ends inside a segment it
        // does not own (its lastSegment is still being written), an incremental one at the boundary its switch made.
        long startNumber = WalSegments.lsn(previous.endLsn()) / WalSegments.SEGMENT_SIZE;
        Instant consistentAt;
        String endSegment;
        String endLsn;
        int timeline;
        try (Connection c = cluster.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_walfile_name(lsn), lsn::text, clock_timestamp() "
                        + "FROM pg_switch_wal() AS lsn")) {
            rs.next();
            endSegment = rs.getString(1);
            endLsn = rs.getString(2);
            consistentAt = rs.getTimestamp(3).toInstant();
            // The segment's timeline is the server's current one (the last checkpoint's may still be the old one
            // right after a promotion).
            timeline = WalSegments.timeline(endSegment);
        }
        awaitArchived(endSegment);
        List<Manifest.ManifestObject> objects = new ArrayList<>();
        Set<String> keyIds = new TreeSet<>();
        long raw = 0;
        for (int t = previous.timeline() + 1; t <= timeline; t++) {
            // A failover since the previous backup: the new timelines' history files are part of the chain.
            String history = TimelineHistory.fileName(t);
            objects.add(sealed(archiver.key(history), "timeline history " + history, keyIds)
                    .orElseThrow(() -> new IOException("WAL archive gap: " + history + " is missing")));
        }
        String firstSegment = null;
        for (long n = startNumber; n <= WalSegments.number(endSegment); n++) {
            Optional<Manifest.ManifestObject> object = Optional.empty();
            // The newest timeline holding segment n: the one a restore following the timeline switch reads.
            for (int t = timeline; t >= previous.timeline() && object.isEmpty(); t--) {
                String segment = WalSegments.name(t, n);
                object = sealed(archiver.key(segment), "WAL segment " + segment, keyIds);
                if (object.isPresent() && firstSegment == null) {
                    firstSegment = segment;
                }
            }
            String expected = WalSegments.name(timeline, n);
            objects.add(object.orElseThrow(() -> new IOException("WAL archive gap: segment " + expected
                    + " is missing")));
            raw += WalSegments.SEGMENT_SIZE;
        }
        return new JobResult(objects, raw, consistentAt, Map.of(), Map.of(), List.of(),
                new Manifest.WalRange(timeline, previous.endLsn(), endLsn,
                        firstSegment != null ? firstSegment
                                : WalSegments.name(timeline, startNumber), endSegment),
                Map.of("archiver", "pg_receivewal", "compression", "zstd level 1"), cluster.toString(),
                Manifest.Encryption.of(keyIds));
    }

    /** The archived object {@code key} as a manifest entry, empty when it is not in the archive. */
    private Optional<Manifest.ManifestObject> sealed(String key, String description, Set<String> keyIds)
            throws IOException {
        try (InputStream in = store.open(key)) {
            byte[] bytes = in.readAllBytes();
            Optional<String> keyId = ObjectCipher.keyIdOf(bytes);
            keyId.ifPresent(keyIds::add);
            return Optional.of(new Manifest.ManifestObject(key, bytes.length,
                    ObjectStore.sha256Of(new java.io.ByteArrayInputStream(bytes)),
                    description + ", zstd" + (keyId.isPresent() ? ", encrypted" : "")));
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    private Optional<Manifest.WalRange> previousRange(String target) {
        return catalog.list(target, null, BackupStatus.COMPLETED, 1000).stream()
                .filter(b -> b.kind() == BackupKind.BASE || b.kind() == BackupKind.INCREMENTAL)
                .findFirst()
                .map(CatalogEntry::prefix)
                // The range to build on comes from a manifest that verifies (a forged one cannot skip WAL).
                .map(prefix -> manifests.read(prefix).manifest().wal());
    }

    private void awaitArchived(String segment) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SHIP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String last = archiver.status().lastSegment();
            if (last != null && last.compareTo(segment) >= 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException("WAL segment " + segment + " not archived within " + SHIP_TIMEOUT.toSeconds() + " s: "
                + archiver.status().lastError());
    }
}
