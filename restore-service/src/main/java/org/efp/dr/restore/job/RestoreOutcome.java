package org.efp.dr.restore.job;

import java.time.Instant;
import java.util.List;

/**
 * What a restore produced: the backup it came from, the instant its data reflects, how many bytes it read and
 * where the restored data now is (a database, a data directory and port, a model directory). {@code endpoint} is
 * the {@code host:port} of a new primary others must be pointed at (a rebuild), else null; {@code notes} are next
 * steps the restore itself knows of.
 */
public record RestoreOutcome(String restoredFrom, Instant recoveredTo, long bytes, String location, String endpoint,
        List<String> notes) {

    public RestoreOutcome {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public RestoreOutcome(String restoredFrom, Instant recoveredTo, long bytes, String location) {
        this(restoredFrom, recoveredTo, bytes, location, null, List.of());
    }
}
