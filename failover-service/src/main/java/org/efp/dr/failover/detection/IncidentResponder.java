package org.efp.dr.failover.detection;

/**
 * What acts on a new incident (the runbook): detection declares and records, the responder decides and starts the
 * recovery, in the same transaction. An interface here keeps detection below the runbook in the package tree.
 */
public interface IncidentResponder {

    /**
     * Acts on {@code incident}, new in this transaction; {@code node} is the {@code host:port} an alert named (or
     * {@code null}), {@code replicaLag} whether the alert is about replication lag.
     */
    void respond(Incident incident, String declaredBy, String node, boolean replicaLag);
}
