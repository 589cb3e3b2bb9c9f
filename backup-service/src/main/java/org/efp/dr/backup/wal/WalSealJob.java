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

import org.efp.dr.backup.catalog.BackupStatus;
import org.efp.dr.backup.catalog.Catalog;
import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.common.backupformat.Manifest;
import org.efp.dr.common.backupformat.ManifestCodec;
import org.efp.dr.backup.postgres.PgTarget;
import org.efp.dr.backup.run.BackupContext;
import org.efp.dr.backup.run.BackupJob;
import org.efp.dr.backup.run.JobResult;
import org.efp.dr.backup.storage.ObjectStore;
import org.efp.dr.common.crypto.ObjectCipher;
import org.efp.dr.common.events.BackupKind;

/**
 * The guide's "incremental every 6 hours", PostgreSQL 15 style: the WAL archived since the previous base or
 * incremental backup, closed with a segment switch and sealed by a manifest listing every segment with its
 * checksum. Together with the base backup it builds on, it restores to any second up to its consistentAt.
 */
public final class WalSealJob implements BackupJob {

    private static final Duration SHIP_TIMEOUT = Duration.ofSeconds(60);

    private final PgTarget cluster;
    private final WalArchiver archiver;
    private final Catalog catalog;
    private final ObjectStore store;

    public WalSealJob(PgTarget cluster, WalArchiver archiver, Catalog catalog, ObjectStore store) {
        this.cluster = cluster;
        this.archiver = archiver;
        this.catalog = catalog;
        this.store = store;
    }

    @Override
    public JobResult run(BackupContext context) throws Exception {
        Manifest.WalRange previous = previousRange(context.target())
                .orElseThrow(() -> new IllegalArgumentException("no completed base backup of " + context.target()
                        + " to build an incremental backup on: take a BASE backup first"));
        String startSegment = previous.lastSegment();
        Instant consistentAt;
        String endSegment;
        String endLsn;
        int timeline;
        try (Connection c = cluster.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_walfile_name(lsn), lsn::text, clock_timestamp(), "
                        + "(SELECT timeline_id FROM pg_control_checkpoint()) FROM pg_switch_wal() AS lsn")) {
            rs.next();
            endSegment = rs.getString(1);
            endLsn = rs.getString(2);
            consistentAt = rs.getTimestamp(3).toInstant();
            timeline = rs.getInt(4);
        }
        awaitArchived(endSegment);
        List<Manifest.ManifestObject> objects = new ArrayList<>();
        Set<String> keyIds = new TreeSet<>();
        long raw = 0;
        for (long n = WalSegments.number(startSegment) + 1; n <= WalSegments.number(endSegment); n++) {
            String segment = WalSegments.name(timeline, n);
            String key = archiver.key(segment);
            try (InputStream in = store.open(key)) {
                byte[] bytes = in.readAllBytes();
                Optional<String> keyId = ObjectCipher.keyIdOf(bytes);
                keyId.ifPresent(keyIds::add);
                objects.add(new Manifest.ManifestObject(key, bytes.length,
                        ObjectStore.sha256Of(new java.io.ByteArrayInputStream(bytes)),
                        "WAL segment " + segment + ", zstd" + (keyId.isPresent() ? ", encrypted" : "")));
                raw += WalSegments.SEGMENT_SIZE;
            } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
                throw new IOException("WAL archive gap: segment " + segment + " is missing", e);
            }
        }
        return new JobResult(objects, raw, consistentAt, Map.of(), Map.of(), List.of(),
                new Manifest.WalRange(timeline, previous.endLsn(), endLsn,
                        WalSegments.name(timeline, WalSegments.number(startSegment) + 1), endSegment),
                Map.of("archiver", "pg_receivewal", "compression", "zstd level 1"), cluster.toString(),
                Manifest.Encryption.of(keyIds));
    }

    private Optional<Manifest.WalRange> previousRange(String target) {
        return catalog.list(target, null, BackupStatus.COMPLETED, 1000).stream()
                .filter(b -> b.kind() == BackupKind.BASE || b.kind() == BackupKind.INCREMENTAL)
                .findFirst()
                .map(CatalogEntry::prefix)
                .map(prefix -> ManifestCodec.read(store.read(prefix + Manifest.FILE_NAME)).wal());
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
