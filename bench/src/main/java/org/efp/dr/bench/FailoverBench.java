package org.efp.dr.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.efp.dr.testkit.Infrastructure;

/**
 * {@code bench/run failover [--runs N] [--async]}: per run, two consecutive primary kills under 100 commits/s with the
 * platform running (failover-service, backup-service, restore-service as processes): time to a writable new primary,
 * time until the WAL archive ships the new timeline, time until redundancy is back (the old primary restarted and
 * rejoined by the platform), and acknowledged commits lost. Replication is synchronous (the primary waits for its
 * standby) unless {@code --async}. Baseline, measured in the same run: a bare pair's standby promoted by a script the
 * instant after the kill ({@link PromotionFloor}); the ratio is what detection, checks and fencing cost on top.
 */
public final class FailoverBench {

    private FailoverBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 3;
        boolean async = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--async" -> async = true;
                default -> throw new IllegalArgumentException("usage: bench/run failover [--runs N] [--async]");
            }
        }
        List<Double> floor = new ArrayList<>();
        List<Double> writable = new ArrayList<>();
        List<Double> wal = new ArrayList<>();
        List<Double> rejoin = new ArrayList<>();
        long acknowledged = 0;
        long lost = 0;
        for (int run = 1; run <= runs; run++) {
            Path work = Path.of("bench/target/failover-bench/run-" + run).toAbsolutePath();
            Bench.delete(work);
            Files.createDirectories(work);
            double bare = PromotionFloor.measure(work.resolve("floor"));
            floor.add(bare);
            System.out.printf("run %d baseline: bare pair, kill -> scripted promote -> writable %.2f s%n", run, bare);
            try (Infrastructure infra = Infrastructure.start(Infrastructure.Layout.ephemeral(work.resolve("infra")),
                    "bench", "bench-secret-" + System.nanoTime());
                    SecondDisaster scenario = new SecondDisaster(infra, work)) {
                scenario.startWriting();
                scenario.awaitArchiveStreaming();
                for (int kill = 1; kill <= 2; kill++) {
                    if (async) {
                        scenario.asynchronousReplication();
                    } else {
                        scenario.synchronousReplication();
                    }
                    SecondDisaster.Disaster d = scenario.killPrimary();
                    double back = scenario.restartAndAwaitRejoin(d.killed());
                    writable.add(d.writable());
                    wal.add(d.walOnNewTimeline());
                    rejoin.add(back);
                    System.out.printf("run %d kill %d: %s killed -> %s writable %.2f s, WAL of timeline %d shipped "
                            + "%.1f s, old primary rejoined and streaming %.1f s after its restart%n", run, kill,
                            d.killed(), d.promoted(), d.writable(), d.newTimeline(), d.walOnNewTimeline(), back);
                }
                long runLost = scenario.stopWritingAndCountLost();
                System.out.printf("run %d: %d acknowledged commits, %d missing on the final primary%n", run,
                        scenario.acknowledged(), runLost);
                acknowledged += scenario.acknowledged();
                lost += runLost;
            }
        }
        String mode = async ? "asynchronous" : "synchronous";
        System.out.printf("%n== failover: %d runs x 2 consecutive primary kills, 100 commits/s, %s replication ==%n",
                runs, mode);
        System.out.println("platform: failover-service probes every 500 ms, 3 failures declare the outage; automatic "
                + "rejoin 2 s after the old primary answers; backup-service WAL shipped every 1 s");
        System.out.printf("baseline: bare pair, scripted promote      p50 %6.2f s   max %6.2f s%n",
                Bench.median(floor), Bench.percentile(floor, 100));
        System.out.printf("kill -> writable new primary             p50 %6.2f s   max %6.2f s   (goal <= 5 s)   "
                + "ratio to baseline p50 %.1f%n", Bench.median(writable), Bench.percentile(writable, 100),
                Bench.median(writable) / Bench.median(floor));
        System.out.printf("kill -> WAL archive on the new timeline  p50 %6.2f s   max %6.2f s   (goal <= 60 s)  "
                + "ratio to goal (max) %.2f%n", Bench.median(wal), Bench.percentile(wal, 100),
                Bench.percentile(wal, 100) / 60);
        System.out.printf("restart -> rejoined, streaming           p50 %6.2f s   max %6.2f s%n", Bench.median(rejoin),
                Bench.percentile(rejoin, 100));
        System.out.printf("acknowledged commits lost                %d of %d (%s replication%s)%n", lost, acknowledged,
                mode, async ? "" : ", goal 0");
        System.out.printf("ratio to the guide's 1 h database RTO:   p50 %.5f   max %.5f%n", Bench.median(writable) / 3600,
                Bench.percentile(writable, 100) / 3600);
    }
}
