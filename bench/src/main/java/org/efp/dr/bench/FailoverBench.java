package org.efp.dr.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.efp.dr.testkit.Infrastructure;

/**
 * {@code bench/run failover [--runs N]}: per run, two consecutive primary kills under 100 commits/s with the platform
 * running (failover-service, backup-service, restore-service as processes): time to a writable new primary, time until
 * the WAL archive ships the new timeline, time until redundancy is back (the old primary rejoined by the platform),
 * and acknowledged commits lost, with synchronous replication set on the primary before each kill.
 */
public final class FailoverBench {

    private FailoverBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length >= 2 && "--runs".equals(args[0]) ? Integer.parseInt(args[1]) : 5;
        List<Double> writable = new ArrayList<>();
        List<Double> wal = new ArrayList<>();
        List<Double> rejoin = new ArrayList<>();
        long acknowledged = 0;
        long lost = 0;
        for (int run = 1; run <= runs; run++) {
            Path work = Path.of("bench/target/failover-bench/run-" + run).toAbsolutePath();
            Bench.delete(work);
            Files.createDirectories(work);
            try (Infrastructure infra = Infrastructure.start(Infrastructure.Layout.ephemeral(work.resolve("infra")),
                    "bench", "bench-secret-" + System.nanoTime());
                    SecondDisaster scenario = new SecondDisaster(infra, work)) {
                scenario.startWriting();
                scenario.awaitArchiveStreaming();
                for (int kill = 1; kill <= 2; kill++) {
                    scenario.synchronousReplication();
                    SecondDisaster.Disaster d = scenario.killPrimary();
                    double back = scenario.restartAndAwaitRejoin(d.killed());
                    writable.add(d.writable());
                    wal.add(d.walOnNewTimeline());
                    rejoin.add(back);
                    System.out.printf("run %d kill %d: %s killed -> writable %.2f s, WAL timeline %d shipped %.1f s, "
                            + "old primary rejoined %.1f s after restart%n", run, kill, d.killed(), d.writable(),
                            d.newTimeline(), d.walOnNewTimeline(), back);
                }
                long runLost = scenario.stopWritingAndCountLost();
                acknowledged += scenario.acknowledged();
                lost += runLost;
            }
        }
        System.out.printf("%n== failover: %d runs x 2 consecutive primary kills, 100 commits/s ==%n", runs);
        System.out.printf("kill -> writable new primary   p50 %6.2f s   max %6.2f s   (goal <= 5 s)%n",
                Bench.median(writable), Bench.percentile(writable, 100));
        System.out.printf("kill -> WAL of new timeline    p50 %6.2f s   max %6.2f s   (goal <= 60 s)%n",
                Bench.median(wal), Bench.percentile(wal, 100));
        System.out.printf("restart -> rejoined, streaming p50 %6.2f s   max %6.2f s%n", Bench.median(rejoin),
                Bench.percentile(rejoin, 100));
        System.out.printf("acknowledged commits lost      %d of %d (goal 0, synchronous replication)%n", lost,
                acknowledged);
        System.out.printf("ratio to the guide's 1 h database RTO: p50 %.5f  max %.5f%n",
                Bench.median(writable) / 3600, Bench.percentile(writable, 100) / 3600);
    }
}
