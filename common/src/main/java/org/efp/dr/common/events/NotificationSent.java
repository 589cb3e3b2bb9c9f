package org.efp.dr.common.events;

import java.time.Instant;

/** A notification was delivered (or finally given up on): what, to whom, over which channel, after how many tries. */
public record NotificationSent(String notificationId, String incidentId, String template, String channel,
        String recipient, String status, int attempts, Instant sentAt, String causeEventId)
        implements NotificationEvent {

    public NotificationSent {
        Require.eventId(notificationId, "notificationId");
        Require.name(template, "template");
        Require.name(channel, "channel");
        Require.text(recipient, "recipient");
        Require.text(status, "status");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
        Require.present(sentAt, "sentAt");
    }

    @Override
    public String subject() {
        return incidentId != null ? incidentId : notificationId;
    }
}
