package org.efp.dr.restore.job;

import java.util.ArrayList;
import java.util.List;

import org.efp.dr.restore.RestoreException;
import org.efp.dr.common.backupformat.Manifest;
import org.jboss.logging.Logger;

/**
 * The first two steps of every restore: pick the candidate backups (newest first), then download the newest one
 * whose checksums verify. A refused backup is logged and named in the step's detail, and the next older one is
 * tried; none verifying fails the restore before anything is touched. A backup refused as hostile (UNSAFE_ARCHIVE)
 * or too large for the disks (INSUFFICIENT_SPACE) fails the restore at once.
 */
public final class VerifiedBackup {

    private static final Logger LOG = Logger.getLogger(VerifiedBackup.class);

    /** Downloads one backup, throwing {@link RestoreException} when it does not verify. */
    @FunctionalInterface
    public interface Fetch {
        void fetch(Manifest manifest) throws Exception;
    }

    private VerifiedBackup() {
    }

    /** Runs "select backup" and "download and verify checksums"; returns the backup that was fetched. */
    public static Manifest select(Steps steps, Steps.StepBody<List<Manifest>> candidates, Fetch fetch, String what) {
        List<Manifest> found = steps.run("select backup", () -> {
            List<Manifest> list = candidates.run();
            steps.detail(list.size() + " candidate(s), newest " + list.get(0).backupId());
            return list;
        });
        return steps.run("download and verify checksums", () -> {
            List<String> refused = new ArrayList<>();
            for (Manifest m : found) {
                try {
                    fetch.fetch(m);
                    steps.detail((refused.isEmpty() ? "" : String.join("; ", refused) + "; fell back to ")
                            + m.backupId() + " verified");
                    return m;
                } catch (RestoreException e) {
                    if (e.reason() == RestoreException.Reason.UNSAFE_ARCHIVE
                            || e.reason() == RestoreException.Reason.INSUFFICIENT_SPACE) {
                        // Not corruption an older backup cures: a hostile backup is for an operator to look at,
                        // and the disks hold no more for an older one.
                        throw e;
                    }
                    LOG.warnf("%s refused backupId=%s reason=%s: %s", what, m.backupId(), e.reason(),
                            e.getMessage());
                    refused.add("refused " + m.backupId() + " (" + e.reason() + ")");
                }
            }
            throw new RestoreException(RestoreException.Reason.CHECKSUM_MISMATCH,
                    "no verifiable " + what + ": " + String.join("; ", refused));
        });
    }
}
