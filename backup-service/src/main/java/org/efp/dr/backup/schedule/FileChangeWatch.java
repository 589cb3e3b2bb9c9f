package org.efp.dr.backup.schedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.configuration.DurationConverter;
import org.efp.dr.backup.catalog.BackupStatus;
import org.efp.dr.backup.catalog.Catalog;
import org.efp.dr.backup.catalog.CatalogEntry;
import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.backup.manifest.Manifests;
import org.efp.dr.backup.run.BackupRequests;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.BackupKind;
import org.efp.dr.common.events.FilesCovered;
import org.efp.dr.common.files.FileStamps;
import org.jboss.logging.Logger;

/**
 * Backs a target's files up when they change, not only on its schedule (the guide backs models up every 12 hours
 * and configs daily, against RPOs of minutes): every interval the target's paths are looked at (each path's real
 * location, then every file's name, size and modification time, without reading it). A change that is the same at
 * the next look (a deployment done writing) queues a backup of the target. Paths that are missing or empty are lost
 * files, never backed up as the new state. Replicas seeing the same change queue it once (the request id names the
 * change). {@link ModelChanges} and {@link ConfigChanges} are the two watches.
 * <p>
 * What the first look sees is checked against the newest completed backup of the target (its manifest's file names
 * and sizes, and no file modified since that backup's point): files changed while no watch ran (the service down,
 * or a new replica) are a change to back up, covered only up to that backup, not taken as backed up.
 */
public abstract class FileChangeWatch {

    private static final Logger LOG = Logger.getLogger(FileChangeWatch.class);
    /** The baseline while the files first seen are not the ones the newest completed backup holds. */
    private static final String NOT_IN_A_BACKUP = "not in a completed backup";
    /** The longest wait before the failed backup of a change is tried again. */
    private static final long MAX_RETRY_MINUTES = 30;

    /** What the files were at the last look. */
    public enum Seen {
        /** Not looked at yet (or the watch is off). */
        NOT_LOOKED_AT,
        /** Missing or empty: lost files, never backed up as the new state. */
        LOST,
        /** Different from what was last backed up, not yet the same for two looks. */
        CHANGING,
        /** The same as when last backed up (or first seen). */
        UNCHANGED
    }

    /**
     * The watch's word on the target's recovery point: whether it watches and how often, when it last looked, what
     * the files were, and up to when the files in use are known to be in a completed backup ({@code coveredUntil}:
     * the last look, when nothing changed since the last change's backup completed or since the watch began; the last
     * look before a change whose backup has not completed, as the change came after it; null when the files are lost
     * or not looked at), with the backup of the last change it queued and that backup's status.
     */
    public record Status(boolean watching, Long everySeconds, Instant lastLookAt, Seen files, Instant coveredUntil,
            String changeBackupId, BackupStatus changeBackupStatus) {
    }

    private final String target;
    private final BackupKind kind;
    private final String what;
    private final List<Path> paths;
    private final BackupRequests requests;
    private final Catalog catalog;
    private final Manifests manifests;
    private final EventPublisher publisher;
    private final Clock clock;
    private final boolean enabled;
    private final Duration every;
    private String baseline;
    private String candidate;
    private Instant lastLookAt;
    private boolean lost;
    /** The last look before the files were first seen different from the baseline. */
    private Instant candidateAfter;
    private String queuedRequestId;
    private Instant queuedChangeAfter;
    /** The request of the change's first backup, how often its backup was tried again, and when next. */
    private String changeRequestId;
    private int retries;
    private Instant retryAt;
    /**
     * Up to when the files first seen are known backed up when they are not those of the newest completed backup
     * (that backup's point; {@link Instant#EPOCH}: in no backup at all); null when they are.
     */
    private Instant coveredAtStart;
    /** The covered point last told to the platform (FilesCovered). */
    private Instant reportedCoveredUntil;

    /**
     * A watch over {@code paths}, backed up as {@code target}/{@code kind}; {@code what} names the files in logs and
     * reasons ("model"); {@code every} is the interval ({@code off} turns the watch off, as do the schedules being
     * off).
     */
    protected FileChangeWatch(String target, BackupKind kind, String what, List<Path> paths, BackupSettings settings,
            BackupRequests requests, Catalog catalog, Manifests manifests, EventPublisher publisher, Clock clock,
            String every) {
        this.target = target;
        this.kind = kind;
        this.what = what;
        this.paths = paths;
        this.requests = requests;
        this.catalog = catalog;
        this.manifests = manifests;
        this.publisher = publisher;
        this.clock = clock;
        this.enabled = settings.backup().schedulesEnabled() && !"off".equalsIgnoreCase(every.trim())
                && !"disabled".equalsIgnoreCase(every.trim());
        this.every = enabled ? DurationConverter.parseDuration(every.trim()) : null;
    }

    /** Whether the watch looks on its own (its interval is not {@code off} and the schedules run here). */
    protected boolean watching() {
        return enabled;
    }

    /** One look at the paths: a change queues or retries a backup, and the covered point is told. */
    public synchronized void look() {
        try {
            Optional<String> now = fingerprint(paths);
            if (now.isPresent()) {
                if (baseline == null) {
                    coveredAtStart = coveredAtStart();
                    if (coveredAtStart != null) {
                        baseline = NOT_IN_A_BACKUP;
                    }
                }
                seen(now.get());
                retryFailedChange();
                report();
            } else {
                lastLookAt = clock.instant();
                lost = true;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("%s paths not looked at: %s", what, e.getMessage());
        }
    }

    /** One look's fingerprint; returns the request id of the backup it queued, if it queued one. */
    public synchronized Optional<String> seen(String fingerprint) {
        Instant now = clock.instant();
        Instant previousLook = lastLookAt;
        lastLookAt = now;
        lost = false;
        if (baseline == null || baseline.equals(fingerprint)) {
            baseline = fingerprint;
            candidate = null;
            candidateAfter = null;
            return Optional.empty();
        }
        if (!fingerprint.equals(candidate)) {
            if (candidate == null) {
                candidateAfter = NOT_IN_A_BACKUP.equals(baseline) ? coveredAtStart
                        : previousLook != null ? previousLook : now;
            }
            candidate = fingerprint;
            return Optional.empty();
        }
        String requestId = target + "-change-" + sha256(baseline + "->" + fingerprint).substring(0, 24);
        requests.queue(target, kind, requestId, "the " + what + " files changed", source());
        LOG.infof("%s files changed, %s backup queued requestId=%s", what, kind, requestId);
        if (queuedRequestId == null || changeBackup().map(CatalogEntry::status).orElse(null)
                == BackupStatus.COMPLETED) {
            queuedChangeAfter = candidateAfter;
        }
        queuedRequestId = requestId;
        changeRequestId = requestId;
        retries = 0;
        retryAt = null;
        baseline = fingerprint;
        candidate = null;
        candidateAfter = null;
        return Optional.of(requestId);
    }

    /**
     * A change whose backup failed (S3 away for a while, say) is queued again while the files stay as they are: at
     * once, then after 2, 4, 8... intervals, at most every {@value #MAX_RETRY_MINUTES} min, until one completes;
     * returns the request id of the backup it queued, if it queued one. A new change starts afresh.
     */
    public synchronized Optional<String> retryFailedChange() {
        Instant now = clock.instant();
        if (queuedRequestId == null || candidate != null || lost || (retryAt != null && now.isBefore(retryAt))) {
            return Optional.empty();
        }
        Optional<CatalogEntry> failed = changeBackup().filter(b -> b.status() == BackupStatus.FAILED);
        if (failed.isEmpty()) {
            return Optional.empty();
        }
        retries++;
        String requestId = changeRequestId + "-retry-" + retries;
        requests.queue(target, kind, requestId, "the " + what + " files changed; the backup of the change failed ("
                + failed.get().failureReason() + "), tried again", source());
        LOG.infof("the backup of a %s change failed (%s), %s backup queued again requestId=%s", what,
                failed.get().failureReason(), kind, requestId);
        queuedRequestId = requestId;
        Duration step = every != null ? every : Duration.ofSeconds(30);
        Duration wait = step.multipliedBy(1L << Math.min(retries, 16));
        retryAt = now.plus(wait.compareTo(Duration.ofMinutes(MAX_RETRY_MINUTES)) > 0
                ? Duration.ofMinutes(MAX_RETRY_MINUTES) : wait);
        return Optional.of(requestId);
    }

    /**
     * Tells the platform up to when the files in use are covered (FilesCovered, for metrics-service's RPO exposure),
     * when that moved since last told; returns the event published, if one was.
     */
    public synchronized Optional<FilesCovered> report() {
        Status status = status();
        if (status.coveredUntil() == null || status.coveredUntil().equals(reportedCoveredUntil)) {
            return Optional.empty();
        }
        FilesCovered event = new FilesCovered(target, kind, status.coveredUntil(), status.lastLookAt(),
                clock.instant());
        QuarkusTransaction.requiringNew().run(() -> publisher.publish(event,
                target + "-covered-" + status.coveredUntil().toEpochMilli()));
        reportedCoveredUntil = status.coveredUntil();
        return Optional.of(event);
    }

    /** What the watch knows of the target's recovery point now. */
    public synchronized Status status() {
        Optional<CatalogEntry> backup = changeBackup();
        BackupStatus backupStatus = backup.map(CatalogEntry::status).orElse(null);
        Instant changedAfter = queuedRequestId != null && backupStatus != BackupStatus.COMPLETED ? queuedChangeAfter
                : candidateAfter;
        Seen files = lastLookAt == null ? Seen.NOT_LOOKED_AT
                : lost ? Seen.LOST : candidate != null ? Seen.CHANGING : Seen.UNCHANGED;
        Instant coveredUntil = files == Seen.LOST || files == Seen.NOT_LOOKED_AT || Instant.EPOCH.equals(changedAfter)
                ? null : changedAfter != null ? changedAfter : lastLookAt;
        return new Status(enabled, every == null ? null : every.toSeconds(), lastLookAt, files, coveredUntil,
                backup.map(CatalogEntry::backupId).orElse(null), backupStatus);
    }

    /**
     * Null when the files now are those the newest completed backup of the target holds: the same names and sizes,
     * none modified after that backup's point. Else up to when they are known backed up: that backup's point
     * ({@link Instant#EPOCH} when there is no completed backup). A manifest that cannot be read holds nothing known.
     */
    private Instant coveredAtStart() throws IOException {
        Optional<CatalogEntry> newest = catalog.list(target, kind, BackupStatus.COMPLETED, 20).stream()
                .filter(b -> b.consistentAt() != null).max(Comparator.comparing(CatalogEntry::consistentAt));
        if (newest.isEmpty()) {
            LOG.infof("%s files are in no completed backup yet: not taken as backed up", what);
            return Instant.EPOCH;
        }
        Instant point = newest.get().consistentAt();
        Map<String, Long> held = new HashMap<>();
        try {
            manifests.read(newest.get().prefix()).manifest().files()
                    .forEach(f -> held.put(f.path(), f.sizeBytes()));
        } catch (RuntimeException e) {
            LOG.warnf("%s files not checked against backup %s (%s): taken as changed since", what,
                    newest.get().backupId(), e.getMessage());
            return point;
        }
        Map<String, Long> now = new HashMap<>();
        for (Path path : paths) {
            for (Map.Entry<Path, FileStamps.Stamp> file : FileStamps.of(path.toRealPath()).entrySet()) {
                String name = path.getFileName() + "/" + file.getKey().toString().replace('\\', '/');
                if (file.getValue().modifiedMillis() > point.toEpochMilli()) {
                    LOG.infof("%s file %s changed after backup %s: backed up again", what, name,
                            newest.get().backupId());
                    return point;
                }
                now.put(name, file.getValue().size());
            }
        }
        if (!now.equals(held)) {
            LOG.infof("%s files are not those of backup %s: backed up again", what, newest.get().backupId());
            return point;
        }
        return null;
    }

    private String source() {
        return what + "-change-watch";
    }

    private Optional<CatalogEntry> changeBackup() {
        return queuedRequestId == null ? Optional.empty() : catalog.findByRequest(queuedRequestId);
    }

    /** Where each path really is and each file's name, size and modification time; empty when one holds nothing. */
    static Optional<String> fingerprint(List<Path> paths) throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path path : paths) {
            if (!Files.isDirectory(path)) {
                return Optional.empty();
            }
            Path real = path.toRealPath();
            all.append(real).append('\n');
            SortedMap<Path, FileStamps.Stamp> files = FileStamps.of(real);
            if (files.isEmpty()) {
                return Optional.empty();
            }
            files.forEach((name, stamp) -> all.append(name).append(' ').append(stamp.size()).append(' ')
                    .append(stamp.modifiedMillis()).append('\n'));
        }
        return Optional.of(sha256(all.toString()));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
