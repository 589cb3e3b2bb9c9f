package org.efp.dr.restore.drill;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.restore.job.RestoreJob;

/** Runs DR drills: restores into scratch targets, verifies, measures RTO/RPO, tears down. */
@ApplicationScoped
public class DrillRunner {

    public void run(RestoreJob job) {
        throw new UnsupportedOperationException("drills are not available yet");
    }

    public void failInterrupted(RestoreJob job, String reason) {
        throw new UnsupportedOperationException("drills are not available yet");
    }
}
