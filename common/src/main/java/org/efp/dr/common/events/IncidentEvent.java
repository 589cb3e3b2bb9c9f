package org.efp.dr.common.events;

/** Incidents on {@value Topics#INCIDENTS}. */
public sealed interface IncidentEvent extends DrEvent permits OutageDetected, IncidentResolved {
}
