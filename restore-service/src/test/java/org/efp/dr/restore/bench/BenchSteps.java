package org.efp.dr.restore.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.efp.dr.restore.job.Steps;

/** Steps of a restore run outside the job queue: each step's wall time, and the scratch resources to remove after. */
final class BenchSteps implements Steps {

    private final String jobId;
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private final List<String> scratch = new ArrayList<>();

    BenchSteps(String jobId) {
        this.jobId = jobId;
    }

    @Override
    public <T> T run(String step, StepBody<T> body) {
        long t0 = System.nanoTime();
        try {
            return body.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(step + " failed: " + e.getMessage(), e);
        } finally {
            seconds.put(step, (System.nanoTime() - t0) / 1e9);
        }
    }

    @Override
    public void detail(String detail) {
        System.out.println("    " + detail);
    }

    @Override
    public void scratch(String resource) {
        scratch.add(resource);
    }

    @Override
    public void keep(String resource) {
        // Everything a benchmark restores is removed afterwards.
    }

    @Override
    public String jobId() {
        return jobId;
    }

    Map<String, Double> seconds() {
        return seconds;
    }

    List<String> scratch() {
        return scratch;
    }
}
