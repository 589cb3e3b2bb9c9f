package org.efp.dr.common.topology;

import org.efp.dr.common.events.DatabaseTopologyChanged;

/** The latest topology of a cluster names no primary: nothing is writable now, so nothing can be read from or written to it. */
public class NoPrimaryException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public NoPrimaryException(DatabaseTopologyChanged topology) {
        super("cluster " + topology.cluster() + " has no primary now (topology generation " + topology.generation()
                + ": " + topology.reason() + ")");
    }
}
