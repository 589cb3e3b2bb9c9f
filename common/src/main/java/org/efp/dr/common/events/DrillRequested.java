package org.efp.dr.common.events;

import java.time.Instant;

/** A DR drill is asked for: {@code scenario} as named in recovery-testing.yaml, {@code type} full/partial/simulation. */
public record DrillRequested(String drillId, String scenario, String type, String requestedBy, Instant requestedAt)
        implements CommandEvent {

    public DrillRequested {
        Require.eventId(drillId, "drillId");
        Require.name(scenario, "scenario");
        Require.name(type, "type");
        Require.text(requestedBy, "requestedBy");
        Require.present(requestedAt, "requestedAt");
    }

    @Override
    public String subject() {
        return drillId;
    }
}
