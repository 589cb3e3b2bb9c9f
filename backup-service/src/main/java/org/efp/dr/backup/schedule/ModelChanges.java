package org.efp.dr.backup.schedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.backup.run.BackupRequests;
import org.efp.dr.backup.run.BackupTargets;
import org.efp.dr.common.events.BackupKind;
import org.efp.dr.common.files.FileStamps;
import org.jboss.logging.Logger;

/**
 * Backs models up when they change, not only on the schedule (the guide's model RPO is 5 minutes, its model
 * schedule 12 hours): every {@code dr.backup.models-change-check} (30 s; {@code off} turns it off) the model paths are
 * looked at (each path's real location, then every file's name, size and modification time, without reading it). A
 * change that is the same at the next look (a deployment done writing) queues a MODELS backup. Paths that are
 * missing or empty are a lost model, never backed up as the new state. Replicas seeing the same change queue it once
 * (the request id names the change).
 */
@ApplicationScoped
public class ModelChanges {

    private static final Logger LOG = Logger.getLogger(ModelChanges.class);

    private final List<Path> paths;
    private final BackupRequests requests;
    private final boolean enabled;
    private String baseline;
    private String candidate;

    public ModelChanges(BackupSettings settings, BackupRequests requests) {
        this.paths = settings.backup().modelPaths();
        this.requests = requests;
        this.enabled = settings.backup().schedulesEnabled();
    }

    @Scheduled(every = "${dr.backup.models-change-check:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void look() {
        if (!enabled) {
            return;
        }
        try {
            Optional<String> now = fingerprint(paths);
            now.ifPresent(this::seen);
        } catch (IOException | RuntimeException e) {
            LOG.debugf("model paths not looked at: %s", e.getMessage());
        }
    }

    /** One look's fingerprint; returns the request id of the backup it queued, if it queued one. */
    public synchronized Optional<String> seen(String fingerprint) {
        if (baseline == null || baseline.equals(fingerprint)) {
            baseline = fingerprint;
            candidate = null;
            return Optional.empty();
        }
        if (!fingerprint.equals(candidate)) {
            candidate = fingerprint;
            return Optional.empty();
        }
        String requestId = "models-change-" + sha256(baseline + "->" + fingerprint).substring(0, 24);
        requests.queue(BackupTargets.MODELS, BackupKind.MODELS, requestId, "the model files changed",
                "model-change-watch");
        LOG.infof("model files changed, MODELS backup queued requestId=%s", requestId);
        baseline = fingerprint;
        candidate = null;
        return Optional.of(requestId);
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
