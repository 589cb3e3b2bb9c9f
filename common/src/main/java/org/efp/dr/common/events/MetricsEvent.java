package org.efp.dr.common.events;

/** Measurements, breaches and component snapshots on {@value Topics#METRICS}, the dashboards' topic. */
public sealed interface MetricsEvent extends DrEvent permits RecoveryMetrics, MetricThresholdBreached,
        ComponentSnapshot, RecoveryMonitored {
}
