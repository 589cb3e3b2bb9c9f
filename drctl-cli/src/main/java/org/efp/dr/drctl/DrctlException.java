package org.efp.dr.drctl;

/** A command that cannot finish: the message for the operator and the exit code scripts branch on. */
final class DrctlException extends RuntimeException {

    /** Everything went as asked. */
    static final int OK = 0;
    /**
     * The operation ran and failed (a backup ended FAILED, a drill did not succeed or its report shows a missed
     * objective, a wait timed out).
     */
    static final int FAILED = 1;
    /** Bad arguments or configuration, or a service refused the request as invalid. */
    static final int USAGE = 2;
    /** A service is unreachable or refused the credentials. */
    static final int UNREACHABLE = 3;
    /** The backup, restore, incident, drill or record asked for does not exist. */
    static final int NOT_FOUND = 4;

    private final int exitCode;

    DrctlException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    static DrctlException usage(String message) {
        return new DrctlException(USAGE, message);
    }
}
