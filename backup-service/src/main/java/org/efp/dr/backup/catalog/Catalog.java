package org.efp.dr.backup.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.backupformat.BackupKeys;
import org.efp.dr.common.events.BackupKind;
import org.efp.dr.common.jobs.JobLeases;
import org.efp.dr.common.jobs.JobTable;
import org.efp.dr.common.postgres.Jdbc;

/**
 * The backup catalog in the service's schema: the queue of backups to take and a cache of completed ones.
 * Each method is one statement; callers that need several to commit together run them in one transaction. Backups
 * are claimed, kept alive and ended under a lease ({@link JobLeases}): a worker ends only a backup it still owns.
 */
@ApplicationScoped
public class Catalog {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String COLUMNS = "backup_id, target, kind, status, request_id, reason, requested_by, "
            + "prefix, location, size_bytes, compressed_bytes, manifest_sha256, bytes_done, queued_at, started_at, "
            + "heartbeat_at, completed_at, consistent_at, expires_at, owner, failure_reason, error";

    private static final JobTable TABLE = JobTable.of("backup", "backup_id", "queued_at");

    private final Jdbc jdbc;
    private final JobLeases<CatalogEntry> leases;

    public Catalog(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
        this.leases = new JobLeases<>(jdbc, TABLE, COLUMNS, Catalog::map);
    }

    /** The key prefix under which a backup's objects live. */
    public static String prefix(String target, BackupKind kind, String backupId) {
        return BackupKeys.prefix(target, kind, backupId);
    }

    /** Queues a backup; a request id seen before returns the backup it already queued. */
    public CatalogEntry queue(String target, BackupKind kind, String requestId, String reason, String requestedBy,
            Instant now) {
        if (requestId != null) {
            Optional<CatalogEntry> existing = findByRequest(requestId);
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        String id = target.replace('_', '-') + "-" + kind.name().toLowerCase() + "-" + ID_TIME.format(now) + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        update("INSERT INTO backup (backup_id, target, kind, status, request_id, reason, requested_by, prefix, "
                + "queued_at) VALUES (?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?)", id, target, kind.name(), requestId, reason,
                requestedBy, prefix(target, kind, id), now);
        return find(id).orElseThrow();
    }

    /** Takes the oldest queued backup for {@code owner}, if any; concurrent replicas never take the same one. */
    public Optional<CatalogEntry> claimNext(String owner) {
        return leases.claim(owner, "");
    }

    /**
     * Keeps a running backup of {@code owner} alive, with the bytes it uploaded and its progress (JSON) so far; false
     * when {@code owner} no longer runs it.
     */
    public boolean heartbeat(String backupId, String owner, long bytesDone, String progress) {
        return leases.renew(backupId, owner, "bytes_done = ?, progress = ?::jsonb", bytesDone, progress);
    }

    /** Saves a backup's progress (JSON); at its end, in the transaction that records the end. */
    public void saveProgress(String backupId, String progress) {
        update("UPDATE backup SET progress = ?::jsonb WHERE backup_id = ?", progress, backupId);
    }

    /** The progress (JSON) last saved for a backup; empty when none was (queued, or before progress was kept). */
    public Optional<String> progress(String backupId) {
        return jdbc.query("catalog query", "SELECT progress::text FROM backup WHERE backup_id = ?",
                rs -> Optional.ofNullable(rs.getString(1)), backupId).stream().findFirst().flatMap(p -> p);
    }

    /**
     * A completed backup's sizes: the raw bytes it read, and the size at its source when it started (null when not
     * measured or not recorded, e.g. for a backup known from its manifest only).
     */
    public record PreviousSize(long readBytes, Long sourceBytes) {
    }

    /** The sizes of the newest completed backup of {@code target}/{@code kind}: what the next one will likely read. */
    public Optional<PreviousSize> previousSize(String target, BackupKind kind) {
        return jdbc.one("catalog query", "SELECT size_bytes, source_bytes FROM backup WHERE target = ? AND kind = ? "
                + "AND status = 'COMPLETED' AND size_bytes > 0 ORDER BY completed_at DESC LIMIT 1",
                rs -> new PreviousSize(rs.getLong(1), (Long) rs.getObject(2)), target, kind.name());
    }

    /**
     * Records what a backup's progress is measured against: the size at the source when it started (null when not
     * measured) and the total estimated from it (null when unknown).
     */
    public void recordEstimate(String backupId, Long sourceBytes, Long estimatedBytes) {
        update("UPDATE backup SET source_bytes = ?, estimated_bytes = ? WHERE backup_id = ?", sourceBytes,
                estimatedBytes, backupId);
    }

    /** Marks a backup {@code owner} runs COMPLETED; false, changing nothing, when {@code owner} lost it. */
    public boolean complete(String backupId, String owner, String location, long sizeBytes, long compressedBytes,
            String manifestSha256, Instant completedAt, Instant consistentAt, Instant expiresAt) {
        return leases.finish(backupId, owner, "status = 'COMPLETED', location = ?, size_bytes = ?, "
                + "compressed_bytes = ?, bytes_done = ?, manifest_sha256 = ?, completed_at = ?, consistent_at = ?, "
                + "expires_at = ?, heartbeat_at = ?", location, sizeBytes, compressedBytes, compressedBytes,
                manifestSha256, completedAt, consistentAt, expiresAt, completedAt);
    }

    /** Marks a backup {@code owner} runs FAILED; false, changing nothing, when {@code owner} lost it. */
    public boolean fail(String backupId, String owner, String reason, String error, Instant now) {
        return leases.finish(backupId, owner, "status = 'FAILED', failure_reason = ?, error = ?, completed_at = ?",
                reason, error, now);
    }

    /** Records that {@code deletedBy} (a user, or "retention") deleted the backup's objects at {@code now}. */
    public void markDeleted(String backupId, String deletedBy, Instant now) {
        update("UPDATE backup SET status = 'DELETED', deleted_by = ?, deleted_at = ? WHERE backup_id = ?", deletedBy,
                now, backupId);
    }

    /**
     * Running backups whose worker stopped reporting for {@code staleAfter} (it crashed or was killed), taken over by
     * {@code owner} so that one replica alone ends each.
     */
    public List<CatalogEntry> takeStale(String owner, Duration staleAfter) {
        return leases.takeStale(owner, staleAfter);
    }

    public Optional<CatalogEntry> find(String backupId) {
        return query("SELECT " + COLUMNS + " FROM backup WHERE backup_id = ?", backupId).stream().findFirst();
    }

    public Optional<CatalogEntry> findByRequest(String requestId) {
        return query("SELECT " + COLUMNS + " FROM backup WHERE request_id = ?", requestId).stream().findFirst();
    }

    /** Backups, newest first, optionally filtered (null filters are ignored). */
    public List<CatalogEntry> list(String target, BackupKind kind, BackupStatus status, int limit) {
        return query("SELECT " + COLUMNS + " FROM backup WHERE (?::text IS NULL OR target = ?) "
                + "AND (?::text IS NULL OR kind = ?) AND (?::text IS NULL OR status = ?) "
                + "ORDER BY queued_at DESC LIMIT ?", target, target, name(kind), name(kind), name(status),
                name(status), limit);
    }

    /** Inserts or refreshes a completed backup from its manifest (catalog rebuild). */
    public boolean upsertCompleted(CatalogEntry e) {
        return update("INSERT INTO backup (" + COLUMNS + ") VALUES (?, ?, ?, 'COMPLETED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, ?, NULL, NULL) ON CONFLICT (backup_id) DO UPDATE SET status = 'COMPLETED', "
                + "location = EXCLUDED.location, manifest_sha256 = EXCLUDED.manifest_sha256, "
                + "completed_at = EXCLUDED.completed_at, consistent_at = EXCLUDED.consistent_at, "
                + "expires_at = EXCLUDED.expires_at WHERE backup.status <> 'COMPLETED'", e.backupId(), e.target(),
                e.kind().name(), e.requestId(), e.reason(), e.requestedBy(), e.prefix(), e.location(), e.sizeBytes(),
                e.compressedBytes(), e.manifestSha256(), e.bytesDone(), e.queuedAt(), e.startedAt(),
                e.heartbeatAt(), e.completedAt(), e.consistentAt(), e.expiresAt(), e.owner()) > 0;
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private int update(String sql, Object... args) {
        return jdbc.update("catalog update", sql, args);
    }

    private List<CatalogEntry> query(String sql, Object... args) {
        return jdbc.query("catalog query", sql, Catalog::map, args);
    }

    private static CatalogEntry map(ResultSet rs) throws SQLException {
        return new CatalogEntry(rs.getString("backup_id"), rs.getString("target"),
                BackupKind.valueOf(rs.getString("kind")), BackupStatus.valueOf(rs.getString("status")),
                rs.getString("request_id"), rs.getString("reason"), rs.getString("requested_by"),
                rs.getString("prefix"), rs.getString("location"), (Long) rs.getObject("size_bytes"),
                (Long) rs.getObject("compressed_bytes"), rs.getString("manifest_sha256"), rs.getLong("bytes_done"),
                instant(rs, "queued_at"), instant(rs, "started_at"), instant(rs, "heartbeat_at"),
                instant(rs, "completed_at"), instant(rs, "consistent_at"), instant(rs, "expires_at"),
                rs.getString("owner"), rs.getString("failure_reason"), rs.getString("error"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return Jdbc.instant(rs, column);
    }
}
