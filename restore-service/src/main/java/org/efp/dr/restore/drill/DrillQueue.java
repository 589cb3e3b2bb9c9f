package org.efp.dr.restore.drill;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.restore.job.JobKind;
import org.efp.dr.restore.job.RestoreJobs;
import org.jboss.logging.Logger;

/** Queues drills as jobs of the restore queue; a drill id is queued once, however often it is asked for. */
@ApplicationScoped
public class DrillQueue {

    private static final Logger LOG = Logger.getLogger(DrillQueue.class);

    private final RestoreJobs jobs;

    public DrillQueue(RestoreJobs jobs) {
        this.jobs = jobs;
    }

    /** Queues a drill; false when its id is already known. */
    @Transactional(Transactional.TxType.REQUIRED)
    public boolean submit(DrillSpec spec) {
        boolean queued = jobs.enqueue(spec.drillId(), spec.drillId(), JobKind.DRILL, encode(spec));
        LOG.infof("drill %s drillId=%s scenario=%s requestedBy=%s", queued ? "queued" : "not queued (repeat)",
                spec.drillId(), spec.scenario(), spec.requestedBy());
        return queued;
    }

    static String encode(DrillSpec spec) {
        try {
            return EventCodec.mapper().writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static DrillSpec decode(String json) {
        try {
            return EventCodec.mapper().readValue(json, DrillSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable drill request: " + e.getOriginalMessage(), e);
        }
    }
}
