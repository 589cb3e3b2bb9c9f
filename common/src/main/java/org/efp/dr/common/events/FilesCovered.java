package org.efp.dr.common.events;

import java.time.Instant;

/**
 * A change watch vouches for {@code target}'s files (models, configs): the files in use were known to be in a
 * completed backup up to {@code coveredUntil}, as the watch saw them at {@code lastLookAt}. Files unchanged since
 * their backup lose nothing however old the backup, so this, not the backup's age, is their recovery point.
 * {@code coveredUntil} stops moving while a change is in no completed backup. Published at each look while the
 * files are there.
 */
public record FilesCovered(String target, BackupKind kind, Instant coveredUntil, Instant lastLookAt,
        Instant reportedAt) implements BackupEvent {

    public FilesCovered {
        Require.name(target, "target");
        Require.present(kind, "kind");
        Require.present(coveredUntil, "coveredUntil");
        Require.present(lastLookAt, "lastLookAt");
        Require.present(reportedAt, "reportedAt");
        Require.ordered(coveredUntil, lastLookAt, "coveredUntil", "lastLookAt");
    }

    @Override
    public String subject() {
        return target;
    }
}
