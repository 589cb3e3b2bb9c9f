package org.efp.dr.testkit;

/** A server this kit runs as a child process (Prometheus, Alertmanager, Redis, the mail server): its pid and stop. */
public abstract class LocalServer implements AutoCloseable {

    /** The running process, once started. */
    protected ServerProcess process;

    public long pid() {
        return process.pid();
    }

    /** Stops the process when it was started. */
    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }
}
