package org.efp.dr.common.topology;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.efp.dr.common.events.DatabaseTopologyChanged;

/**
 * The newest topology of each cluster, as far as this process has heard: a state older than or as old as the one
 * held ({@code generation} not greater) is ignored, so a replay of the compacted topic or a late duplicate never
 * moves a service back to a former primary. Until a cluster's first state arrives, its static configuration
 * (a JDBC URL) stands.
 */
public final class TopologyState {

    private final Map<String, DatabaseTopologyChanged> latest = new ConcurrentHashMap<>();

    /** Takes {@code next} if it is newer than what is held; the change, or empty when it was not newer. */
    public synchronized Optional<TopologyChange> apply(DatabaseTopologyChanged next) {
        Objects.requireNonNull(next, "next");
        DatabaseTopologyChanged previous = latest.get(next.cluster());
        if (previous != null && next.generation() <= previous.generation()) {
            return Optional.empty();
        }
        latest.put(next.cluster(), next);
        return Optional.of(new TopologyChange(previous, next));
    }

    /** The newest state of {@code cluster}, empty before its first one. */
    public Optional<DatabaseTopologyChanged> current(String cluster) {
        return Optional.ofNullable(latest.get(cluster));
    }

    /**
     * {@code staticUrl} (a {@code jdbc:postgresql://host:port/db?...} URL of the cluster's configured primary) with
     * host and port replaced by the current primary's; unchanged before the first state arrives.
     *
     * @throws NoPrimaryException when the newest state names no primary
     */
    public String primaryJdbcUrl(String cluster, String staticUrl) {
        DatabaseTopologyChanged topology = latest.get(cluster);
        if (topology == null) {
            return staticUrl;
        }
        if (topology.primary() == null) {
            throw new NoPrimaryException(topology);
        }
        return withAddress(staticUrl, topology.primary().host(), topology.primary().port());
    }

    /** {@code host:port} of a {@code jdbc:postgresql://} URL (port 5432 when it names none). */
    public static String address(String jdbcUrl) {
        URI uri = parse(jdbcUrl);
        return uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort());
    }

    /** The URL with its host and port replaced; database, parameters and everything else kept. */
    static String withAddress(String jdbcUrl, String host, int port) {
        URI uri = parse(jdbcUrl);
        String rest = jdbcUrl.substring("jdbc:postgresql://".length() + uri.getRawAuthority().length());
        return "jdbc:postgresql://" + host + ":" + port + rest;
    }

    private static URI parse(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        if (uri.getHost() == null || uri.getRawAuthority().contains(",")) {
            throw new IllegalArgumentException("a JDBC URL naming one host is needed to follow the primary: "
                    + jdbcUrl);
        }
        return uri;
    }
}
