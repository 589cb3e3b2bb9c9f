package org.efp.dr.common.events;

/** Drill outcomes on {@value Topics#DRILLS}. */
public sealed interface DrillEvent extends DrEvent permits DrillCompleted {
}
