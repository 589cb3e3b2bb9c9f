package org.efp.dr.failover.database;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.failover.audit.AuditLog;
import org.jboss.logging.Logger;

/**
 * The primary restore-service built from BASE + WAL when the old one was lost with no standby within the RPO: once its
 * {@code DATABASE_REBUILD} succeeded, the node at the completion's {@code location} becomes the cluster's primary (the
 * lost one fenced, so if it ever answers again it is rejoined as a standby, its diverged data kept aside), the
 * topology is published and apps' Secret and ConfigMap point at it.
 */
@ApplicationScoped
public class RebuiltPrimary {

    private static final Logger LOG = Logger.getLogger(RebuiltPrimary.class);

    private final Topology topology;
    private final PgNodes nodes;
    private final ConnectionPublisher connections;
    private final AuditLog audit;

    public RebuiltPrimary(Topology topology, PgNodes nodes, ConnectionPublisher connections, AuditLog audit) {
        this.topology = topology;
        this.nodes = nodes;
        this.connections = connections;
        this.audit = audit;
    }

    /** Acts on a successful rebuild; anything else is not for it. Safe to see twice. */
    public void completed(RecoveryCompleted completed) {
        if (completed.action() != RecoveryAction.DATABASE_REBUILD || completed.status() != RecoveryStatus.SUCCEEDED
                || completed.location() == null) {
            return;
        }
        String old = topology.primary().orElse(null);
        String url = urlAt(completed.location(), old);
        if (old != null && PgNodes.hostPort(old).equals(completed.location())) {
            // Seen before (a redelivery, or a retry after the connection update failed): make sure apps point at it.
            connections.publish(old);
            return;
        }
        PgNodes.Observation seen = nodes.observe(url);
        if (!seen.reachable() || seen.inRecovery()) {
            LOG.warnf("rebuilt primary %s does not answer as a primary (reachable=%s inRecovery=%s): topology kept, "
                    + "recoveryId=%s", completed.location(), seen.reachable(), seen.inRecovery(),
                    completed.recoveryId());
            return;
        }
        String reason = "rebuild: " + completed.location() + " built from " + completed.restoredFrom()
                + " and the WAL archive, data lost " + completed.dataLossSeconds() + " s"
                + (old == null ? "" : ", " + PgNodes.hostPort(old) + " fenced");
        QuarkusTransaction.requiringNew().run(() -> {
            topology.promoted(url, old, seen.timeline(), reason, completed.incidentId());
            audit.record("failover-service", "rebuilt-primary", completed.recoveryId(), reason);
        });
        String ns = connections.publish(url);
        LOG.infof("primary rebuilt and published primary=%s incidentId=%s recoveryId=%s namespace=%s",
                completed.location(), completed.incidentId(), completed.recoveryId(), ns);
    }

    /** The JDBC URL of the cluster's database on {@code hostPort}: the current primary's path on the new address. */
    static String urlAt(String hostPort, String currentPrimaryUrl) {
        String path = "/energy_forecast";
        if (currentPrimaryUrl != null) {
            String rest = currentPrimaryUrl.substring(currentPrimaryUrl.indexOf("//") + 2);
            path = rest.indexOf('/') < 0 ? "/" : rest.substring(rest.indexOf('/'));
        }
        return "jdbc:postgresql://" + hostPort + path;
    }
}
