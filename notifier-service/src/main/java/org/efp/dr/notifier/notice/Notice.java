package org.efp.dr.notifier.notice;

import java.time.Instant;
import java.util.Objects;

import org.efp.dr.common.events.Severity;

/**
 * One rendered notification waiting to be grouped and sent. {@code dedupKey} makes the same news arrive once,
 * {@code groupKey} gathers one incident's notices into one message.
 */
public record Notice(String eventId, String eventType, String dedupKey, String groupKey, String incidentId,
        String template, String component, Severity severity, String body, Instant eventTime) {

    public Notice {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(dedupKey, "dedupKey");
        Objects.requireNonNull(groupKey, "groupKey");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(eventTime, "eventTime");
    }
}
