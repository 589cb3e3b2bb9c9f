package org.efp.dr.metrics.rpo;

import java.time.Instant;

/** The newest instant a component can be recovered to, and the backup that provides it. */
public record RecoveryPoint(String component, Instant newestPointAt, String backupId, String target, String kind) {
}
