package org.efp.dr.metrics.dashboard;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.efp.dr.common.config.RecoveryObjectives.Objective;
import org.efp.dr.common.delivery.ServiceConfig;
import org.efp.dr.common.events.CloudEvent;
import org.efp.dr.common.events.ComponentSnapshot;
import org.efp.dr.common.events.ComponentSnapshot.LastDrill;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.metrics.config.MetricsConfig;
import org.efp.dr.metrics.drill.DrillHistory;
import org.efp.dr.metrics.drill.DrillReport;
import org.efp.dr.metrics.incident.IncidentRepository;
import org.efp.dr.metrics.rpo.RpoExposure;
import org.efp.dr.metrics.threshold.ThresholdPolicy;
import org.jboss.logging.Logger;

/**
 * Publishes a {@link ComponentSnapshot} per component of the RTO/RPO table on the dashboard topic, periodically.
 * Snapshots are derived state, so they go straight to Kafka: a lost one is superseded by the next.
 */
@ApplicationScoped
public class SnapshotPublisher {

    private static final Logger LOG = Logger.getLogger(SnapshotPublisher.class);

    private final Emitter<String> dashboard;
    private final ThresholdPolicy policy;
    private final RpoExposure exposure;
    private final IncidentRepository incidents;
    private final DrillHistory drills;
    private final MetricsConfig config;
    private final Clock clock;
    private final String source;

    public SnapshotPublisher(@Channel("dashboard") Emitter<String> dashboard, ThresholdPolicy policy,
            RpoExposure exposure, IncidentRepository incidents, DrillHistory drills, MetricsConfig config, Clock clock,
            ServiceConfig service) {
        this.dashboard = dashboard;
        this.policy = policy;
        this.exposure = exposure;
        this.incidents = incidents;
        this.drills = drills;
        this.config = config;
        this.clock = clock;
        this.source = service.name();
    }

    /** Publishes one snapshot per component now (called by {@link SnapshotSchedule}). */
    void publish() {
        Instant now = clock.instant();
        Map<String, Long> open = incidents.openByComponent();
        List<DrillReport> latestDrills = drills.latestPerScenario();
        policy.objectives().objectives().values().stream().sorted(Comparator.comparing(Objective::component))
                .map(objective -> snapshot(objective, open, latestDrills, now))
                .forEach(snapshot -> send(snapshot, now));
    }

    ComponentSnapshot snapshot(Objective objective, Map<String, Long> open, List<DrillReport> latest,
            Instant now) {
        String component = objective.component();
        Long rpo = objective.rpo() == null ? null : objective.rpo().getSeconds();
        Optional<Long> exposed = exposure.exposureSeconds(component);
        Boolean rpoMet = rpo == null ? null : exposed.map(seconds -> seconds <= rpo).orElse(null);
        LastDrill lastDrill = latest.stream()
                .filter(d -> config.componentOfDrill(d.scenario()).filter(component::equals).isPresent())
                .max(Comparator.comparing(DrillReport::completedAt))
                .map(d -> new LastDrill(d.drillId(), d.scenario(), d.success(), d.completedAt(),
                        d.measuredRtoSeconds(), d.measuredRpoSeconds()))
                .orElse(null);
        return new ComponentSnapshot(component, objective.name(), objective.rto().getSeconds(), rpo,
                objective.rpoKind().name(), exposure.point(component).map(p -> p.newestPointAt()).orElse(null),
                exposed.orElse(null), rpoMet, open.getOrDefault(component, 0L), lastDrill, now);
    }

    private void send(ComponentSnapshot snapshot, Instant now) {
        CloudEvent event = EventCodec.wrap(snapshot, source, "snapshot:" + snapshot.component() + ":"
                + now.toEpochMilli(), Clock.fixed(now, ZoneOffset.UTC));
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        Message<String> message = Message.of(EventCodec.encode(event)).addMetadata(OutgoingKafkaRecordMetadata
                .<String>builder().withKey(snapshot.component()).withHeaders(headers).build());
        try {
            dashboard.send(message);
        } catch (RuntimeException e) {
            LOG.warnf("dashboard snapshot not sent component=%s: %s", snapshot.component(), e.getMessage());
        }
    }
}
