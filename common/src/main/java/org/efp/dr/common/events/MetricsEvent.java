package org.efp.dr.common.events;

/** Measurements and breaches on {@value Topics#METRICS}, the dashboards' topic. */
public sealed interface MetricsEvent extends DrEvent permits RecoveryMetrics, MetricThresholdBreached {
}
