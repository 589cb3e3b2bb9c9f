package org.efp.dr.restore.job;

/**
 * The steps of one running job: each step is reported when it ends (RecoveryStepCompleted), and every scratch
 * resource it creates is recorded first, so a crash leaves nothing behind that a restart cannot find and remove.
 */
public interface Steps {

    /** Runs a step; its end, success or failure, is reported with the detail set meanwhile. */
    <T> T run(String step, StepBody<T> body);

    /** Sets the detail reported for the step that is running. */
    void detail(String detail);

    /** Records a resource to remove if the job fails or crashes (see {@link Scratch}). */
    void scratch(String resource);

    /** The resource is the job's result now: no longer removed on failure. */
    void keep(String resource);

    /**
     * Called right before the restore changes what the services use (switches the live model, swaps the live
     * database): a failure after this point leaves the stopped services stopped, one before it starts them again.
     */
    default void touchingLive() {
    }

    /** Whether {@link #touchingLive()} was called. */
    default boolean touchedLive() {
        return false;
    }

    /** The backup's bytes are about to be read: {@code totalBytes} of them (its stored size); progress restarts. */
    default void reading(long totalBytes) {
    }

    /** {@code bytes} more of the backup were read. */
    default void read(long bytes) {
    }

    /** The job's id, for naming scratch resources. */
    String jobId();

    /** A step's work. */
    @FunctionalInterface
    interface StepBody<T> {
        T run() throws Exception;
    }
}
