package org.efp.dr.restore.drill;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a drill passed, held against the guide's table: the restore verified, the measured RTO within the RTO
 * objective and the measured RPO within the RPO objective. A missed objective fails the drill with an error saying
 * which and by how much, because a drill that restores too slowly or from data too old did not prove the objective.
 */
record DrillVerdict(boolean success, String error) {

    /**
     * @param restoreError why the restore or its verification failed, or null
     * @param backup       the backup restored, named in an RPO miss (may be null)
     */
    static DrillVerdict of(String restoreError, Long rto, Long rtoObjective, Long rpo, Long rpoObjective,
            String backup) {
        List<String> problems = new ArrayList<>();
        if (restoreError != null) {
            problems.add(restoreError);
        }
        if (rto != null && rtoObjective != null && rto > rtoObjective) {
            problems.add("measured RTO " + rto + "s exceeds the objective " + rtoObjective + "s");
        }
        if (rpo != null && rpoObjective != null && rpo > rpoObjective) {
            problems.add("measured RPO " + rpo + "s exceeds the objective " + rpoObjective + "s"
                    + (backup == null ? "" : " (latest good backup " + backup + ")"));
        }
        return problems.isEmpty() ? new DrillVerdict(true, null) : new DrillVerdict(false, String.join("; ", problems));
    }
}
