package org.efp.dr.testkit;

/** A server this kit runs as a child process (Prometheus, Alertmanager, Redis, the mail server): its pid and stop. */
public abstract class LocalServer implements AutoCloseable {

    /** The running process, once started. */
    protected ServerProcess process;

    public long pid() {
        return process.pid();
    }

    /** Whether the process was started and still runs. */
    public boolean alive() {
        return process != null && process.alive();
    }

    /** Stops the process when it was started. */
    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }
}
