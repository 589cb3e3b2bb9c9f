package org.efp.dr.metrics.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.config.RecoveryObjectives.Objective;
import org.efp.dr.common.events.DatabaseTopologyChanged;
import org.efp.dr.metrics.config.MetricsConfig;
import org.efp.dr.metrics.drill.DrillHistory;
import org.efp.dr.metrics.drill.DrillHistory.Capacity;
import org.efp.dr.metrics.incident.IncidentRepository;
import org.efp.dr.metrics.rpo.RpoExposure;
import org.efp.dr.metrics.rpo.StandbyRedundancy;
import org.efp.dr.metrics.status.BackupTargets.NewestBackup;
import org.efp.dr.metrics.status.BackupTargets.WalState;
import org.efp.dr.metrics.status.StatusSnapshot.BackupStatus;
import org.efp.dr.metrics.status.StatusSnapshot.ClusterStatus;
import org.efp.dr.metrics.status.StatusSnapshot.ComponentStatus;
import org.efp.dr.metrics.status.StatusSnapshot.IncidentStatus;
import org.efp.dr.metrics.status.StatusSnapshot.Node;
import org.efp.dr.metrics.status.StatusSnapshot.WalStatus;
import org.efp.dr.metrics.threshold.ThresholdPolicy;

/** Takes the status page's snapshot from what metrics-service stores and follows. */
@ApplicationScoped
public class StatusSnapshots {

    static final int DRILLS = 10;

    private final ThresholdPolicy policy;
    private final RpoExposure exposure;
    private final IncidentRepository incidents;
    private final IncidentTimelines timelines;
    private final DrillHistory drills;
    private final BackupTargets targets;
    private final StandbyRedundancy topology;
    private final MetricsConfig config;
    private final Clock clock;

    public StatusSnapshots(ThresholdPolicy policy, RpoExposure exposure, IncidentRepository incidents,
            IncidentTimelines timelines, DrillHistory drills, BackupTargets targets, StandbyRedundancy topology,
            MetricsConfig config, Clock clock) {
        this.policy = policy;
        this.exposure = exposure;
        this.incidents = incidents;
        this.timelines = timelines;
        this.drills = drills;
        this.targets = targets;
        this.topology = topology;
        this.config = config;
        this.clock = clock;
    }

    public StatusSnapshot take() {
        Instant now = clock.instant();
        List<ComponentStatus> components = components();
        List<BackupStatus> backups = targets.newestBackups().stream().map(b -> backup(b, now)).toList();
        List<WalStatus> wal = targets.walArchives().stream().map(w -> wal(w, now)).toList();
        List<ClusterStatus> clusters = topology.clusters().values().stream().map(StatusSnapshots::cluster).toList();
        List<IncidentStatus> shown = timelines.current(now);
        List<String> risks = risks(components, wal, clusters, shown);
        return new StatusSnapshot(now, risks.isEmpty(), risks, components, backups, wal, clusters, shown,
                drills.history(null, DRILLS));
    }

    private List<ComponentStatus> components() {
        Map<String, Long> open = incidents.openByComponent();
        Map<String, Capacity> capacity = drills.capacities().stream()
                .collect(Collectors.toMap(Capacity::component, Function.identity()));
        return policy.objectives().objectives().values().stream()
                .sorted(Comparator.comparing(Objective::component)).map(o -> {
                    Long rpo = o.rpo() == null ? null : o.rpo().getSeconds();
                    Long exposed = exposure.exposureSeconds(o.component()).orElse(null);
                    return new ComponentStatus(o.component(), o.name(), o.rto().getSeconds(), rpo, o.rpoKind().name(),
                            exposure.point(o.component()).map(p -> p.newestPointAt()).orElse(null), exposed,
                            within(exposed, rpo), open.getOrDefault(o.component(), 0L),
                            capacity.get(o.component()));
                }).toList();
    }

    private BackupStatus backup(NewestBackup b, Instant now) {
        Optional<String> component = componentOf(b.target());
        Long rpo = rpoOf(component);
        long age = age(b.consistentAt(), now);
        return new BackupStatus(b.target(), component.orElse(null), b.backupId(), b.kind(), b.consistentAt(),
                b.completedAt(), b.sizeBytes(), age, rpo, within(age, rpo));
    }

    private WalStatus wal(WalState w, Instant now) {
        Optional<String> component = componentOf(w.target());
        Long rpo = rpoOf(component);
        long age = age(w.archivedTo(), now);
        return new WalStatus(w.target(), component.orElse(null), w.archivedTo(), w.lagSeconds(), age, w.gaps(),
                w.reportedAt(), rpo, within(age, rpo));
    }

    private static ClusterStatus cluster(DatabaseTopologyChanged t) {
        return new ClusterStatus(t.cluster(), t.generation(), t.primary() == null ? null : t.primary().address(),
                t.streamingStandbys(), t.standbys().stream()
                        .map(n -> new Node(n.address(), n.streaming(), n.lagSeconds())).toList(),
                t.fenced().stream().map(DatabaseTopologyChanged.Node::address).toList(), t.reason(), t.incidentId(),
                t.changedAt());
    }

    /** Why the platform is not protected right now, in words; empty when it is. */
    private static List<String> risks(List<ComponentStatus> components, List<WalStatus> wal,
            List<ClusterStatus> clusters, List<IncidentStatus> shown) {
        List<String> risks = new ArrayList<>();
        for (ComponentStatus c : components) {
            if (c.rpoSeconds() != null && c.exposureSeconds() == null) {
                risks.add(c.name() + ": no recovery point recorded");
            } else if (Boolean.FALSE.equals(c.rpoMet())) {
                risks.add(c.name() + ": RPO exposure " + c.exposureSeconds() + "s over its " + c.rpoSeconds()
                        + "s objective");
            }
        }
        wal.stream().filter(w -> w.gaps() > 0)
                .forEach(w -> risks.add(w.target() + ": " + w.gaps() + " WAL segment(s) missing from the archive"));
        for (ClusterStatus c : clusters) {
            if (c.primary() == null) {
                risks.add(c.cluster() + ": no writable primary");
            } else if (c.streamingStandbys() == 0) {
                risks.add(c.cluster() + ": no standby streams from the primary");
            }
        }
        shown.stream().filter(IncidentStatus::open).forEach(i -> risks.add("incident " + i.incidentId() + " open ("
                + i.component() + ", " + i.state() + ")"));
        return risks;
    }

    private Optional<String> componentOf(String target) {
        return config.componentOfTarget(target).or(() -> policy.objective(target).map(Objective::component));
    }

    private Long rpoOf(Optional<String> component) {
        return component.flatMap(policy::objective).map(Objective::rpo).map(Duration::getSeconds).orElse(null);
    }

    private static long age(Instant at, Instant now) {
        return Math.max(0, Duration.between(at, now).getSeconds());
    }

    private static Boolean within(Long seconds, Long objective) {
        return seconds == null || objective == null ? null : seconds <= objective;
    }
}
