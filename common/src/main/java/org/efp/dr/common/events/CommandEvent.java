package org.efp.dr.common.events;

/** Requests on {@value Topics#COMMANDS}. */
public sealed interface CommandEvent extends DrEvent permits BackupRequested, RecoveryRequested, DrillRequested {
}
