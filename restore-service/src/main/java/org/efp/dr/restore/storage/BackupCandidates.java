package org.efp.dr.restore.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.efp.dr.restore.RestoreException;
import org.efp.dr.common.backupformat.Manifest;

/**
 * Which backups may serve a request, in the order they are tried: the chosen one (or the newest) first, then
 * each older one, so a corrupt backup falls back to the next older good one.
 */
public final class BackupCandidates {

    private BackupCandidates() {
    }

    /**
     * @param newestFirst complete backups, newest first
     * @param backupId    the chosen backup, or null
     * @param notAfter    the latest instant the data may reflect (point in time), or null
     */
    public static List<Manifest> select(List<Manifest> newestFirst, String backupId, Instant notAfter) {
        List<Manifest> candidates = new ArrayList<>();
        boolean reached = backupId == null;
        for (Manifest m : newestFirst) {
            if (!reached && m.backupId().equals(backupId)) {
                reached = true;
            }
            if (reached && (notAfter == null || !m.dataAsOf().isAfter(notAfter))) {
                candidates.add(m);
            }
        }
        if (backupId != null && candidates.stream().noneMatch(m -> m.backupId().equals(backupId))) {
            throw new RestoreException(RestoreException.Reason.NO_BACKUP,
                    "no complete backup " + backupId + " (missing, incomplete or newer than the point in time)");
        }
        if (candidates.isEmpty()) {
            throw new RestoreException(RestoreException.Reason.NO_BACKUP,
                    "no complete backup" + (notAfter == null ? "" : " taken before " + notAfter));
        }
        return candidates;
    }
}
