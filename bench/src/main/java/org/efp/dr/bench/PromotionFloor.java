package org.efp.dr.bench;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.efp.dr.testkit.Ports;
import org.efp.dr.testkit.PostgresServer;

/**
 * The baseline of the failover benchmarks ({@code bench/run failover} and {@code failover-service}), measured in the
 * same run on the same machine: a bare primary/standby pair with nothing watching it, the primary killed (SIGKILL) and
 * the standby promoted the instant after by a script that knows of the kill (no detection, no checks, no fencing, no
 * connection switch). Kill to the first write the same client has acknowledged on the promoted node is the floor any
 * automatic failover is compared with.
 */
final class PromotionFloor {

    private PromotionFloor() {
    }

    /** Seconds from the kill to the first acknowledged write on the promoted standby. */
    static double measure(Path home) throws Exception {
        PostgresServer primary = PostgresServer.primary("floor-primary", home.resolve("primary"), Ports.free(), false)
                .start();
        PostgresServer standby = null;
        boolean killed = false;
        try {
            standby = PostgresServer.standbyOf(primary, "floor-standby", home.resolve("standby"), Ports.free())
                    .start();
            PostgresServer promoted = standby;
            String url = promoted.jdbcUrl("postgres");
            try (Writer writer = new Writer(List.of(primary.jdbcUrl("postgres"), url), PostgresServer.USER,
                    Duration.ofMillis(10))) {
                await("the floor's first acknowledged writes").atMost(Duration.ofSeconds(30))
                        .until(() -> writer.acknowledgedCount() > 50);
                long t0 = System.nanoTime();
                SecondDisaster.kill9(primary);
                killed = true;
                promoted.execute("postgres", "SELECT pg_promote()");
                await("the promoted standby taking writes").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(5))
                        .until(() -> url.equals(writer.writingTo()) && writer.firstAckOnConnectionNanos() > t0);
                return (writer.firstAckOnConnectionNanos() - t0) / 1e9;
            }
        } finally {
            if (standby != null) {
                standby.close();
            }
            if (!killed) {
                primary.stop("immediate");
            }
        }
    }
}
