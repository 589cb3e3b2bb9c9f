package org.efp.dr.restore.drill;

import java.util.List;

import org.efp.dr.restore.job.JobSteps;
import org.efp.dr.restore.job.Steps;

/**
 * The steps of a drill: a restore's progress and scratch resources as for any job, but a drill keeps nothing, so
 * what a restore would hand over as its result stays scratch and is torn down after the drill (or after a crash).
 */
final class DrillSteps implements Steps {

    private final JobSteps steps;

    DrillSteps(JobSteps steps) {
        this.steps = steps;
    }

    @Override
    public <T> T run(String step, StepBody<T> body) {
        return steps.run(step, body);
    }

    @Override
    public void detail(String detail) {
        steps.detail(detail);
    }

    @Override
    public void scratch(String resource) {
        steps.scratch(resource);
    }

    @Override
    public void keep(String resource) {
        // Nothing a drill restores is kept.
    }

    @Override
    public void reading(long totalBytes) {
        steps.reading(totalBytes);
    }

    @Override
    public void read(long bytes) {
        steps.read(bytes);
    }

    @Override
    public String jobId() {
        return steps.jobId();
    }

    List<String> scratch() {
        return steps.scratch();
    }
}
