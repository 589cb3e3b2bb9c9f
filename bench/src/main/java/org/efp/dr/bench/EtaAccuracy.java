package org.efp.dr.bench;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How right a job's reported ETA was: the progress documents seen while it ran, compared, once it ended, with the
 * time it really still took. Baseline in the same run: the naive linear guess from elapsed time and percent alone
 * ({@code elapsed × (100 − p) / p}).
 */
final class EtaAccuracy {

    /** Milestones (percent) at which the ETA is judged. */
    static final double[] MILESTONES = { 10, 25, 50, 75, 90 };

    private record Sample(double atSeconds, double percent, Long etaSeconds) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private double lastPercent;

    /** One progress document seen {@code atSeconds} after the job started. */
    void sample(double atSeconds, JsonNode progress) {
        if (progress == null || !progress.path("percent").isNumber() || progress.path("finished").asBoolean()) {
            return;
        }
        lastPercent = progress.path("percent").asDouble();
        Long eta = progress.path("etaSeconds").isNumber() ? progress.path("etaSeconds").asLong() : null;
        samples.add(new Sample(atSeconds, lastPercent, eta));
    }

    /** The highest percent seen before the end (100 % is only reported at the end). */
    double lastPercent() {
        return lastPercent;
    }

    /** Prints, per milestone, the reported ETA, the naive one and the real remaining time; worst error of both. */
    void print(String what, double totalSeconds) {
        System.out.printf("%n-- ETA of %s (%.1f s in all; %d progress samples) --%n", what, totalSeconds,
                samples.size());
        System.out.printf("%-8s %10s %12s %12s %10s %10s%n", "at", "real left", "reported", "naive", "err rep",
                "err naive");
        double worstReported = 0;
        double worstNaive = 0;
        int judged = 0;
        for (double milestone : MILESTONES) {
            Sample s = samples.stream().filter(x -> x.percent() >= milestone).findFirst().orElse(null);
            if (s == null || s.percent() <= 0) {
                continue;
            }
            double left = totalSeconds - s.atSeconds();
            if (left < 1) {
                continue; // too close to the end to judge a seconds-granular ETA
            }
            double naive = s.atSeconds() * (100 - s.percent()) / s.percent();
            double errNaive = Math.abs(naive - left) / left;
            String reported = s.etaSeconds() == null ? "-" : s.etaSeconds() + " s";
            double errReported = s.etaSeconds() == null ? Double.NaN : Math.abs(s.etaSeconds() - left) / left;
            System.out.printf("%-8s %8.1f s %12s %10.1f s %9.0f %% %9.0f %%%n",
                    String.format("%.0f %%", s.percent()), left, reported, naive, errReported * 100, errNaive * 100);
            worstReported = Double.isNaN(errReported) ? Double.POSITIVE_INFINITY : Math.max(worstReported,
                    errReported);
            worstNaive = Math.max(worstNaive, errNaive);
            judged++;
        }
        if (judged == 0) {
            System.out.println("no milestone to judge (the job ended between two samples)");
            return;
        }
        System.out.printf("worst ETA error: reported %.0f %% (goal <= 50 %%), naive %.0f %%, ratio reported/naive "
                + "%.2f%n", worstReported * 100, worstNaive * 100, worstNaive == 0 ? Double.NaN
                        : worstReported / worstNaive);
    }
}
