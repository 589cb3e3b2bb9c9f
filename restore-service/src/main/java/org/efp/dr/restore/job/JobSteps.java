package org.efp.dr.restore.job;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.narayana.jta.QuarkusTransaction;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.jboss.logging.Logger;

/**
 * {@link Steps} of a job: progress and scratch resources go to the job row at once; when {@code incidentId} is
 * set, each step's end is published as RecoveryStepCompleted (stable id, same transaction as the progress).
 */
public class JobSteps implements Steps {

    private static final Logger LOG = Logger.getLogger(JobSteps.class);

    private final String jobId;
    private final String incidentId;
    private final RestoreJobs jobs;
    private final EventPublisher publisher;
    private final Clock clock;
    private final List<String> scratch = new ArrayList<>();
    private int index;
    private volatile boolean touchedLive;
    private String detail;
    private final RestoreProgress.Tracker progress;

    public JobSteps(String jobId, String incidentId, RestoreJobs jobs, EventPublisher publisher, Clock clock) {
        this(jobId, incidentId, jobs, publisher, clock, null);
    }

    /** Steps whose names and backup reads also go to {@code progress} (null: not tracked). */
    public JobSteps(String jobId, String incidentId, RestoreJobs jobs, EventPublisher publisher, Clock clock,
            RestoreProgress.Tracker progress) {
        this.progress = progress;
        this.jobId = jobId;
        this.incidentId = incidentId;
        this.jobs = jobs;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Override
    public <T> T run(String step, StepBody<T> body) {
        Instant started = clock.instant();
        detail = null;
        if (progress != null) {
            progress.step(step);
        }
        try {
            T result = body.run();
            end(step, RecoveryStatus.SUCCEEDED, started, detail);
            return result;
        } catch (RuntimeException e) {
            end(step, RecoveryStatus.FAILED, started, e.getMessage());
            throw e;
        } catch (Exception e) {
            end(step, RecoveryStatus.FAILED, started, e.getMessage());
            throw new IllegalStateException(step + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reports a step judged rather than run to an exception: a watch that found the model degraded (FAILED) or
     * could not watch it (SKIPPED) ends so without failing the job at that point.
     */
    public void ended(String step, RecoveryStatus status, Instant started, String text) {
        end(step, status, started, text);
    }

    private void end(String step, RecoveryStatus status, Instant started, String text) {
        int stepIndex = index++;
        LOG.infof("step ended jobId=%s step=%s status=%s detail=%s", jobId, step, status, text);
        QuarkusTransaction.requiringNew().run(() -> {
            jobs.stepDone(jobId, stepIndex + 1);
            if (incidentId != null) {
                publisher.publish(new RecoveryStepCompleted(incidentId, jobId, step, stepIndex, status, started,
                        clock.instant(), text), jobId + "/step/" + stepIndex);
            }
        });
    }

    @Override
    public void reading(long totalBytes) {
        if (progress != null) {
            progress.reading(totalBytes);
        }
    }

    @Override
    public void read(long bytes) {
        if (progress != null) {
            progress.read(bytes);
        }
    }

    @Override
    public void detail(String text) {
        this.detail = text;
    }

    @Override
    public void scratch(String resource) {
        jobs.addScratch(jobId, resource);
        scratch.add(resource);
    }

    @Override
    public void keep(String resource) {
        jobs.removeScratch(jobId, resource);
        scratch.remove(resource);
    }

    @Override
    public void touchingLive() {
        touchedLive = true;
    }

    @Override
    public boolean touchedLive() {
        return touchedLive;
    }

    @Override
    public String jobId() {
        return jobId;
    }

    /** Resources still to remove if the job fails. */
    public List<String> scratch() {
        return List.copyOf(scratch);
    }
}
