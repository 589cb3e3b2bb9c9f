package org.efp.dr.metrics.rpo;

import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.efp.dr.common.events.DatabaseTopologyChanged;
import org.efp.dr.common.topology.TopologyChange;
import org.jboss.logging.Logger;

/**
 * What a database's RPO exposure rests on besides backups: the standbys streaming from its primary, from the newest
 * topology failover-service published. {@code dr_database_streaming_standbys{cluster}} is 0 when no standby
 * streams ("no standby": losing the primary now loses everything not yet archived) and
 * {@code dr_database_primary_available{cluster}} is 0 while no node is writable.
 */
@ApplicationScoped
public class StandbyRedundancy {

    private static final Logger LOG = Logger.getLogger(StandbyRedundancy.class);

    private final Map<String, DatabaseTopologyChanged> latest = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public StandbyRedundancy(MeterRegistry registry) {
        this.registry = registry;
    }

    void onTopology(@Observes TopologyChange change) {
        DatabaseTopologyChanged topology = change.current();
        String cluster = topology.cluster();
        if (latest.put(cluster, topology) == null) {
            Gauge.builder("dr.database.streaming.standbys", this,
                    r -> r.streamingStandbys(cluster).map(Long::doubleValue).orElse(Double.NaN))
                    .description("Standbys streaming from the primary, per the newest topology; 0 means no standby")
                    .tag("cluster", cluster).strongReference(true).register(registry);
            Gauge.builder("dr.database.primary.available", this,
                    r -> r.latest.get(cluster).primary() == null ? 0 : 1)
                    .description("1 while the cluster has a writable primary, per the newest topology")
                    .tag("cluster", cluster).strongReference(true).register(registry);
        }
        if (topology.streamingStandbys() == 0) {
            LOG.warnf("no standby streams from the primary of %s (topology generation %d): its RPO rests on the WAL "
                    + "archive alone", cluster, topology.generation());
        }
    }

    /** Standbys streaming from {@code cluster}'s primary now; empty before its first topology. */
    public Optional<Long> streamingStandbys(String cluster) {
        return Optional.ofNullable(latest.get(cluster)).map(DatabaseTopologyChanged::streamingStandbys);
    }

    /** The newest topology of every cluster heard of, by cluster name. */
    public Map<String, DatabaseTopologyChanged> clusters() {
        return new TreeMap<>(latest);
    }

    /** Whether {@code cluster} runs without any streaming standby now; empty before its first topology. */
    public Optional<Boolean> noStandby(String cluster) {
        return streamingStandbys(cluster).map(n -> n == 0);
    }
}
