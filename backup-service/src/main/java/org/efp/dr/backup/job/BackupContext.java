package org.efp.dr.backup.job;

import org.efp.dr.backup.storage.ProgressListener;
import org.efp.dr.common.events.BackupKind;

/** The backup being taken: its id, what of, where its objects go, and where progress is reported. */
public record BackupContext(String backupId, String target, BackupKind kind, String prefix,
        ProgressListener progress) {

    /** The key of an object of this backup. */
    public String key(String name) {
        return prefix + name;
    }
}
