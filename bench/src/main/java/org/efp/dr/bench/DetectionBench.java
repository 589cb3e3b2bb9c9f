package org.efp.dr.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.efp.dr.testkit.Infrastructure;

/**
 * {@code bench/run detection [--runs N]}: end-to-end detection latency of the shipped monitoring (exporter, the
 * Prometheus rule, the Alertmanager route, failover-service's webhook) with failover-service's own probes off:
 * per run the energy_forecast primary is killed under 100 commits/s, the time to the declared incident
 * (OutageDetected) and to a writable promoted primary are measured, then the old primary is restarted and rejoined
 * for the next run. Baseline in the same run: the time until Prometheus itself holds the exporter's pg_up 0 for
 * the killed node (the scrape interval's share); the ratio is what the rule's pending time and Alertmanager's
 * grouping add. Goal: detection within 30 s (the guide allows 5 min).
 */
public final class DetectionBench {

    private DetectionBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        for (int i = 0; i < args.length; i++) {
            if ("--runs".equals(args[i])) {
                runs = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("usage: bench/run detection [--runs N]");
            }
        }
        List<Double> signal = new ArrayList<>();
        List<Double> detected = new ArrayList<>();
        List<Double> measured = new ArrayList<>();
        List<Double> writable = new ArrayList<>();
        Path work = Path.of("bench/target/detection-bench").toAbsolutePath();
        Bench.delete(work);
        Files.createDirectories(work);
        try (Infrastructure infra = Infrastructure.start(Infrastructure.Layout.ephemeral(work.resolve("infra")),
                "bench", "bench-secret-" + System.nanoTime());
                AlertChain chain = new AlertChain(infra, work, AlertChain.checkout())) {
            chain.startWriting();
            chain.awaitPrimaryWatched();
            for (int run = 1; run <= runs; run++) {
                AlertChain.Outage o = chain.killPrimary();
                long timeToDetect = chain.measured(o.incidentId()).path("timeToDetectSeconds").asLong();
                signal.add(o.signalSeconds());
                detected.add(o.detectionSeconds());
                measured.add((double) timeToDetect);
                writable.add(o.writableSeconds());
                System.out.printf("run %d: killed %s; Prometheus saw pg_up 0 after %.1f s; OutageDetected (%s) "
                        + "after %.1f s; metrics-service time_to_detect %d s (alert start -> declared); writable "
                        + "on %s after %.1f s%n", run, o.killed(), o.signalSeconds(), o.source(),
                        o.detectionSeconds(), timeToDetect, o.promoted(), o.writableSeconds());
                chain.restartAndAwaitRejoin(o.killed());
            }
        }
        System.out.println();
        System.out.printf("baseline  kill -> Prometheus holds pg_up 0:  p50 %.1f s  max %.1f s%n", Bench.median(signal),
                Bench.percentile(signal, 100));
        System.out.printf("platform  kill -> OutageDetected (alert):   p50 %.1f s  max %.1f s  (ratio p50 %.1fx)%n",
                Bench.median(detected), Bench.percentile(detected, 100),
                Bench.median(detected) / Bench.median(signal));
        System.out.printf("          time_to_detect, metrics-service:  p50 %.0f s  max %.0f s%n", Bench.median(measured),
                Bench.percentile(measured, 100));
        System.out.printf("          kill -> writable new primary:     p50 %.1f s  max %.1f s%n", Bench.median(writable),
                Bench.percentile(writable, 100));
        System.out.printf("goal: detection <= 30 s (guide allows 300 s): %s%n",
                Bench.percentile(detected, 100) <= 30 ? "MET" : "MISSED");
    }
}
