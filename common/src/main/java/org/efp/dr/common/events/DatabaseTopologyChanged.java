package org.efp.dr.common.events;

import java.time.Instant;
import java.util.List;

/**
 * The whole, current topology of one PostgreSQL cluster, published by failover-service (its owner) on every change:
 * the primary (absent while none is writable), the standbys with their lag, the fenced nodes, the primary's
 * timeline and why it changed. The topic is compacted with the cluster as key, so a service that starts later reads
 * the current state; {@code generation} grows with every change, so a follower ignores an older state it may see
 * after a newer one. A node is identified by {@code host:port} everywhere.
 */
public record DatabaseTopologyChanged(String cluster, long generation, Node primary, List<Node> standbys,
        List<Node> fenced, Long timeline, String reason, String incidentId, Instant changedAt)
        implements TopologyEvent {

    public DatabaseTopologyChanged {
        Require.name(cluster, "cluster");
        Require.notNegative(generation, "generation");
        standbys = Require.list(standbys);
        fenced = Require.list(fenced);
        Require.notNegative(timeline, "timeline");
        Require.text(reason, "reason");
        Require.present(changedAt, "changedAt");
    }

    /**
     * One node. {@code lagBytes}/{@code lagSeconds}: how far a standby's replay is behind the primary, null when
     * unknown; {@code streaming}: its WAL receiver is connected to the current primary right now; {@code fence}: for
     * a fenced node, how firmly: {@code HARD} (no session can write there), {@code SOFT} (read-only by default only,
     * which a client session can lift), {@code NONE}; null when not known or not fenced.
     */
    public record Node(String host, int port, Long lagBytes, Double lagSeconds, Boolean streaming, String fence) {

        /** A node without a fence level (a primary or standby). */
        public Node(String host, int port, Long lagBytes, Double lagSeconds, Boolean streaming) {
            this(host, port, lagBytes, lagSeconds, streaming, null);
        }

        public Node {
            Require.text(host, "host");
            if (!host.matches("[A-Za-z0-9._-]{1,253}")) {
                throw new IllegalArgumentException("host must be a host name or IPv4 address: " + host);
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port must be 1..65535: " + port);
            }
            Require.notNegative(lagBytes, "lagBytes");
            if (lagSeconds != null && (lagSeconds < 0 || lagSeconds.isNaN())) {
                throw new IllegalArgumentException("lagSeconds must be a non-negative number: " + lagSeconds);
            }
            if (fence != null && !fence.matches("HARD|SOFT|NONE")) {
                throw new IllegalArgumentException("fence must be HARD, SOFT or NONE: " + fence);
            }
        }

        /** {@code host:port}, the node's identity. */
        public String address() {
            return host + ":" + port;
        }
    }

    /** Standbys whose WAL receiver streams from the primary: the redundancy the cluster has now. */
    public long streamingStandbys() {
        return standbys.stream().filter(n -> Boolean.TRUE.equals(n.streaming())).count();
    }

    @Override
    public String subject() {
        return cluster;
    }
}
