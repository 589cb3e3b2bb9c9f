package org.efp.dr.failover.database;

/**
 * What a rejoin learned so far: the {@code node} that rejoins, the {@code primary} it will follow and its
 * {@code dataDir} here; {@code ownConfig}: where its own configuration files are kept meanwhile; {@code movedAside}:
 * where its old data directory went when it was cloned again ({@code recloned}).
 */
record RejoinState(String node, String primary, String dataDir, String ownConfig, String movedAside,
        boolean recloned) {

    RejoinState checked(String node, String primary, String dataDir) {
        return new RejoinState(node, primary, dataDir, ownConfig, movedAside, recloned);
    }

    RejoinState withOwnConfig(String ownConfig) {
        return new RejoinState(node, primary, dataDir, ownConfig, movedAside, recloned);
    }

    RejoinState withMovedAside(String movedAside) {
        return new RejoinState(node, primary, dataDir, ownConfig, movedAside, recloned);
    }

    RejoinState withRecloned() {
        return new RejoinState(node, primary, dataDir, ownConfig, movedAside, true);
    }
}
