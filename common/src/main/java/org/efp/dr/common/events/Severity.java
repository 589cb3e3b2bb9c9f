package org.efp.dr.common.events;

/** How bad an outage is; decides recovery deadlines and notification channels. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW
}
