package org.efp.dr.failover.rest;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.efp.dr.common.events.DatabaseTopologyChanged;
import org.efp.dr.failover.database.Topology;

/** The database topology failover-service owns, as {@code patronictl list} shows a cluster. */
@Path("/api/v1/database/topology")
@Produces(MediaType.APPLICATION_JSON)
public class TopologyResource {

    /**
     * One member: identity, role, state (running, streaming, not streaming, stopped, unknown), lag, and for a fenced
     * member how firmly it is fenced (HARD, SOFT: read-only by default only, NONE).
     */
    public record Member(String member, String host, int port, String role, String state, Boolean streaming,
            Long lagBytes, Double lagSeconds, String url, Instant lastStreamingAt, Instant observedAt, String fence) {
    }

    /** The cluster: generation and timeline as published on dr.topology, the last change and why. */
    public record View(String cluster, long generation, Long timeline, String primary, long streamingStandbys,
            String reason, String incidentId, Instant changedAt, List<Member> members) {
    }

    private final Topology topology;

    public TopologyResource(Topology topology) {
        this.topology = topology;
    }

    @GET
    @RolesAllowed({ "viewer", "operator" })
    public View get() {
        Topology.State s = topology.state();
        DatabaseTopologyChanged published = Topology.event(s);
        List<Member> members = s.members().stream().map(m -> {
            String hp = m.hostPort();
            int colon = hp.lastIndexOf(':');
            return new Member(hp, hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)), m.role(),
                    state(m), m.streaming(), m.lagBytes(), m.lagSeconds(), m.url(), m.lastStreamingAt(),
                    m.observedAt(), m.fence());
        }).toList();
        return new View(s.cluster(), s.generation(), s.timeline(),
                published.primary() == null ? null : published.primary().address(), published.streamingStandbys(),
                s.reason(), s.incidentId(), s.changedAt(), members);
    }

    private static String state(Topology.Member m) {
        if (m.up() == null) {
            return "unknown";
        }
        if (!m.up()) {
            return "stopped";
        }
        if (Topology.PRIMARY.equals(m.role())) {
            return "running";
        }
        return Boolean.TRUE.equals(m.streaming()) ? "streaming" : "not streaming";
    }
}
