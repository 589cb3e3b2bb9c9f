package org.efp.dr.restore.drill;

import java.time.Clock;

import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.restore.job.JobSteps;
import org.efp.dr.restore.job.RestoreJobs;

/**
 * The steps of a drill: a restore's progress and scratch resources as for any job, but a drill keeps nothing, so
 * what a restore would hand over as its result stays scratch and is torn down after the drill (or after a crash).
 */
final class DrillSteps extends JobSteps {

    DrillSteps(String jobId, RestoreJobs jobs, EventPublisher publisher, Clock clock) {
        super(jobId, null, jobs, publisher, clock);
    }

    @Override
    public void keep(String resource) {
        // Nothing a drill restores is kept.
    }
}
