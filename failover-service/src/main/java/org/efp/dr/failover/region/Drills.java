package org.efp.dr.failover.region;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.efp.dr.common.events.DrillRequested;
import org.jboss.logging.Logger;

/** Runs the region-failover drill of recovery-testing.yaml as a simulation; other drills belong to restore-service. */
@ApplicationScoped
public class Drills {

    private static final Logger LOG = Logger.getLogger(Drills.class);

    @Transactional(Transactional.TxType.MANDATORY)
    public void requested(DrillRequested drill) {
        LOG.debugf("drill not run here drillId=%s scenario=%s", drill.drillId(), drill.scenario());
    }
}
