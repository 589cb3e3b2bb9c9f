package org.efp.dr.common.events;

/** Who is primary and who follows, on {@value Topics#TOPOLOGY} (compacted, key = cluster). */
public sealed interface TopologyEvent extends DrEvent permits DatabaseTopologyChanged {
}
