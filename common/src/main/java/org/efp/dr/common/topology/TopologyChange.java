package org.efp.dr.common.topology;

import java.util.Objects;
import java.util.Optional;

import org.efp.dr.common.events.DatabaseTopologyChanged;

/**
 * A newer topology of one cluster was received (a CDI event fired by {@link TopologyFollower}): {@code previous} is
 * the state it replaces, absent for the first one a service hears of since it started.
 */
public record TopologyChange(DatabaseTopologyChanged previous, DatabaseTopologyChanged current) {

    public TopologyChange {
        Objects.requireNonNull(current, "current");
    }

    public String cluster() {
        return current.cluster();
    }

    /** Whether the writable node differs from the one before (or there was no state before). */
    public boolean primaryChanged() {
        return previous == null || !Objects.equals(address(previous), address(current));
    }

    /** The current primary's {@code host:port}, absent while the cluster has none. */
    public Optional<String> primaryAddress() {
        return Optional.ofNullable(address(current));
    }

    private static String address(DatabaseTopologyChanged t) {
        return t.primary() == null ? null : t.primary().address();
    }
}
