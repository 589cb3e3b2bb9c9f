package org.efp.dr.restore.job;

import java.time.Instant;

/**
 * What a restore produced: the backup it came from, the instant its data reflects, how many bytes it read and
 * where the restored data now is (a database, a data directory and port, a model directory).
 */
public record RestoreOutcome(String restoredFrom, Instant recoveredTo, long bytes, String location) {
}
