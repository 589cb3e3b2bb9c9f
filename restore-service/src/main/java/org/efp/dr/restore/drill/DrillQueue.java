package org.efp.dr.restore.drill;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.efp.dr.common.events.EventCodec;
import org.efp.dr.restore.job.JobKind;
import org.efp.dr.restore.job.RestoreJobs;

/** Queues drills as jobs; one active drill per drill id. */
@ApplicationScoped
public class DrillQueue {

    private final RestoreJobs jobs;

    public DrillQueue(RestoreJobs jobs) {
        this.jobs = jobs;
    }

    /** What a drill job was asked to do. */
    public record DrillSpec(String drillId, String scenario, String type, String requestedBy) {
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public boolean submit(String drillId, String scenario, String type, String requestedBy) {
        try {
            return jobs.enqueue(drillId, drillId, JobKind.DRILL,
                    EventCodec.mapper().writeValueAsString(new DrillSpec(drillId, scenario, type, requestedBy)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
