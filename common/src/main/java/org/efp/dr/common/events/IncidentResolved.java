package org.efp.dr.common.events;

import java.time.Instant;

/**
 * The outage {@code incidentId} of {@code component} is over at {@code resolvedAt}: a health probe found the component
 * healthy again, its alert resolved, or an operator closed it ({@code resolvedBy} says which). An incident no recovery
 * was run for (notify-only) ends here; one that had a recovery is measured by that recovery.
 */
public record IncidentResolved(String incidentId, String component, Instant resolvedAt, String resolvedBy)
        implements IncidentEvent {

    public IncidentResolved {
        Require.eventId(incidentId, "incidentId");
        Require.name(component, "component");
        Require.present(resolvedAt, "resolvedAt");
        Require.text(resolvedBy, "resolvedBy");
    }

    @Override
    public String subject() {
        return incidentId;
    }
}
