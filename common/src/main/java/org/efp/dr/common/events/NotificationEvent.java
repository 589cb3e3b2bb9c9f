package org.efp.dr.common.events;

/** Delivery records on {@value Topics#NOTIFICATIONS}. */
public sealed interface NotificationEvent extends DrEvent permits NotificationSent {
}
