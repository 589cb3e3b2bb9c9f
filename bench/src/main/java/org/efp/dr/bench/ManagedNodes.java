package org.efp.dr.bench;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import org.efp.dr.testkit.PostgresServer;

/** The energy_forecast nodes a scenario runs, as failover-service is told about them and as it reports them. */
final class ManagedNodes {

    private ManagedNodes() {
    }

    /** failover-service's system properties naming each node's data directory (so it can fence and rejoin). */
    static Map<String, String> dataDirProperties(Collection<PostgresServer> nodes) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (PostgresServer node : nodes) {
            properties.put("dr.failover.database.data-dirs.\"127.0.0.1:" + node.port() + "\"",
                    node.dataDir().toString());
        }
        return properties;
    }

    /**
     * The killed node's machine comes back: its server starts again (fenced, it cannot come back writable) and the
     * platform rejoins it as a streaming standby by itself, as {@code topology} (failover-service's
     * {@code GET /api/v1/database/topology}) shows. Returns the seconds from the restart until it streams.
     */
    static double restartAndAwaitRejoin(PostgresServer node, String address, Callable<JsonNode> topology,
            Duration timeout) {
        long t0 = System.nanoTime();
        try {
            node.start();
        } catch (IllegalStateException e) {
            // A fenced node may refuse connections until the platform rewinds it: the platform must handle that.
        }
        await("the old primary rejoined as a streaming standby").atMost(timeout)
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    for (JsonNode member : topology.call().path("members")) {
                        if (address.equals(member.path("member").asText())) {
                            return "STANDBY".equals(member.path("role").asText())
                                    && member.path("streaming").asBoolean();
                        }
                    }
                    return false;
                });
        return (System.nanoTime() - t0) / 1e9;
    }
}
