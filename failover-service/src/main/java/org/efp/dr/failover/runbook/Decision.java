package org.efp.dr.failover.runbook;

import java.util.Objects;

import org.efp.dr.common.events.RecoveryAction;

/**
 * What the runbook decided for an incident: an action, its target, and whether this service runs it (else it is
 * requested from the service that owns it); {@code reason} is kept for the audit and the events.
 */
public record Decision(RecoveryAction action, String target, boolean runsHere, String reason) {

    public Decision {
        Objects.requireNonNull(reason, "reason");
    }

    public static Decision none(String reason) {
        return new Decision(null, null, false, reason);
    }

    public boolean acts() {
        return action != null;
    }
}
