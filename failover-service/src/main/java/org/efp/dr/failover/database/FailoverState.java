package org.efp.dr.failover.database;

import java.time.Instant;

/**
 * What a database failover learned so far. {@code candidate} and {@code oldPrimary} (null: there was none) are the
 * standby chosen and the primary it replaces, with the candidate's lag and last replayed commit at that moment;
 * {@code fencedOnline}: the old primary answered and was made read-only; {@code fence} and {@code fenceDetail}: how
 * firmly it is fenced; {@code promotionAttempted}: pg_promote was called, so the candidate may be writable and the
 * old primary stays fenced whatever happens next.
 */
record FailoverState(String candidate, String oldPrimary, Long lagBytes, Long lagMs, Instant recoveredTo,
        boolean fencedOnline, FenceOutcome.Level fence, String fenceDetail, boolean promotionAttempted) {

    static FailoverState empty() {
        return new FailoverState(null, null, null, null, null, false, null, null, false);
    }

    FailoverState chosen(String candidate, String oldPrimary, long lagBytes, long lagMs, Instant recoveredTo) {
        return new FailoverState(candidate, oldPrimary, lagBytes, lagMs, recoveredTo, fencedOnline, fence,
                fenceDetail, promotionAttempted);
    }

    FailoverState withFencedOnline() {
        return new FailoverState(candidate, oldPrimary, lagBytes, lagMs, recoveredTo, true, fence, fenceDetail,
                promotionAttempted);
    }

    FailoverState fenced(FenceOutcome outcome) {
        return new FailoverState(candidate, oldPrimary, lagBytes, lagMs, recoveredTo, fencedOnline, outcome.level(),
                outcome.detail(), promotionAttempted);
    }

    FailoverState withPromotionAttempted() {
        return new FailoverState(candidate, oldPrimary, lagBytes, lagMs, recoveredTo, fencedOnline, fence,
                fenceDetail, true);
    }

    /** The old primary as the step details name it: empty when there was none. */
    String oldPrimaryOrEmpty() {
        return oldPrimary == null ? "" : oldPrimary;
    }

    /** The remote fence stopped the old primary with a standby.signal. */
    boolean stoppedRemotely() {
        return fenceDetail != null && fenceDetail.startsWith("stopped");
    }
}
