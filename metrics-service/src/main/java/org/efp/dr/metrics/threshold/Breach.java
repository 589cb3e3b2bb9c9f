package org.efp.dr.metrics.threshold;

/** A metric past its threshold; {@code incidentOpen} when it was caught before the incident ended. */
public record Breach(String metric, long thresholdSeconds, long observedSeconds, boolean incidentOpen) {

    public static final String TIME_TO_DETECT = "time_to_detect";
    public static final String TIME_TO_RESPOND = "time_to_respond";
    public static final String TIME_TO_RECOVER = "time_to_recover";
    public static final String DATA_LOSS = "data_loss";
    public static final String RTO = "rto";
    public static final String RPO = "rpo";
    public static final String RPO_EXPOSURE = "rpo_exposure";
    /** A recovery whose checks did not pass within the monitoring window (seconds: the window, and the time taken). */
    public static final String RECOVERY_MONITORING = "recovery_monitoring";
}
