package org.efp.dr.failover.runbook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import org.efp.dr.common.config.RecoveryObjectives;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.failover.database.DatabaseConfig;
import org.efp.dr.failover.database.PgNodes;
import org.efp.dr.failover.database.StandbyStatus;
import org.efp.dr.failover.database.Topology;
import org.efp.dr.failover.audit.AuditLog;
import org.efp.dr.failover.detection.Incident;
import org.efp.dr.failover.detection.HealthProber;
import org.efp.dr.failover.detection.IncidentResponder;
import org.efp.dr.failover.detection.IncidentStore;
import org.efp.dr.failover.recovery.ComponentRecoveries;
import org.efp.dr.failover.recovery.Recoveries;
import org.jboss.logging.Logger;

/** Turns a new incident into recoveries by the runbook file: run here, or requested from the owning service. */
@ApplicationScoped
public class Runbook implements IncidentResponder {

    private static final Logger LOG = Logger.getLogger(Runbook.class);

    private final RunbookFile file;
    private final RunbookDecider decider;
    private final Recoveries recoveries;
    private final Topology topology;
    private final PgNodes nodes;
    private final Clock clock;
    private final SeedConfig seed;
    private final IncidentStore incidents;
    private final AuditLog audit;
    private final ComponentRecoveries components;
    private final RunbookConfig.Retry retry;
    private final CompleteFailures completeFailures;
    private final RunbookFile.CompleteFailure completeFailure;

    public Runbook(SeedConfig seed, DatabaseConfig database, Recoveries recoveries, Topology topology, PgNodes nodes, Clock clock,
            IncidentStore incidents, AuditLog audit, ComponentRecoveries components, RunbookConfig config,
            CompleteFailures completeFailures) {
        this.completeFailures = completeFailures;
        this.retry = config.retry();
        this.seed = seed;
        this.incidents = incidents;
        this.audit = audit;
        this.components = components;
        this.file = RunbookFile.load(locate(config.file()));
        this.completeFailure = config.completeFailure() ? file.completeFailure()
                : new RunbookFile.CompleteFailure(List.of(), null, null);
        Duration rpo = seed.objectives().forComponent("database").map(RecoveryObjectives.Objective::rpo)
                .orElse(Duration.ofMinutes(1));
        this.decider = new RunbookDecider(rpo, database.maxLagBytes());
        this.recoveries = recoveries;
        this.topology = topology;
        this.nodes = nodes;
        this.clock = clock;
    }

    private static Path locate(Optional<String> configured) {
        if (configured.isPresent()) {
            return Path.of(configured.get());
        }
        String dir = System.getenv(SeedConfig.CONFIG_DIR_ENV);
        if (dir != null && !dir.isBlank() && Files.exists(Path.of(dir, "runbook.yaml"))) {
            return Path.of(dir, "runbook.yaml");
        }
        return null;
    }

    public RunbookFile file() {
        return file;
    }

    /** What the runbook would do for {@code component} now (no side effects). */
    public Decision preview(String component) {
        return decider.decide(file.entryFor(component), this::standbyStatus);
    }

    /**
     * What the plan of {@code component} does now when it is failover-or-restore and its primary does not take writes
     * (promote a standby within the RPO, else build a new primary from BASE + WAL); empty for other plans and while
     * the primary takes writes.
     */
    public Optional<Decision> lostPrimary(String component) {
        RunbookFile.Entry entry = file.entryFor(component);
        if (entry.parsedPlan() != Plan.FAILOVER_OR_RESTORE) {
            return Optional.empty();
        }
        String primary = topology.primary().orElse(null);
        Optional<Boolean> writable = primary == null ? Optional.empty() : nodes.writablePrimary(primary);
        if (writable.orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(decider.decide(entry, this::standbyStatus, writable.isEmpty()));
    }

    /**
     * Acts on a new incident after checking reality: severity below the runbook's minimum only notifies; an alert
     * about a node that is no longer the primary changes nothing; an alert about a standby or about replication lag
     * re-syncs that standby (DATABASE_REJOIN), never restores the primary; a database incident while the primary
     * takes writes changes nothing; a component with a recovery in flight is not recovered twice (the incident
     * joins it). Every decision and its reason is kept on the incident and in the audit log.
     */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void respond(Incident incident, String declaredBy, String node, boolean replicaLag) {
        apply(incident, declaredBy, node, replicaLag);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Decision apply(Incident incident, String requestedBy, String node, boolean replicaLag) {
        Decision decision = act(incident, requestedBy, node, replicaLag);
        if (completeFailure.components().contains(incident.component())) {
            // The component's own recovery is under way; with the others lost too, the saga adopts it.
            completeFailures.check(completeFailure);
        }
        return decision;
    }

    private Decision act(Incident incident, String requestedBy, String node, boolean replicaLag) {
        Decision decision = decide(incident, node, replicaLag);
        LOG.infof("runbook decision incidentId=%s component=%s action=%s reason=%s", incident.incidentId(),
                incident.component(), decision.action(), decision.reason());
        if (!decision.acts()) {
            record(incident, "no action: " + decision.reason());
            return decision;
        }
        String recoveryId = "rec-" + UUID.randomUUID();
        Duration ttl = seed.objectives().forComponent(incident.component())
                .map(RecoveryObjectives.Objective::rto).orElse(Duration.ofHours(1));
        // A failover or a rebuild is decided only after the recorded primary was found down now (not an alert about a
        // replaced one): that is a new outage, even while the last failover is settling.
        // So is an outage a health probe declared: it saw the component healthy (the last recovery worked), then down.
        boolean newOutage = decision.action() == RecoveryAction.DATABASE_FAILOVER
                || decision.action() == RecoveryAction.DATABASE_REBUILD
                || HealthProber.SOURCE.equals(incident.source());
        Optional<ComponentRecoveries.Running> running = components.claim(incident.component(), recoveryId,
                incident.incidentId(), decision.action().name(), ttl, newOutage);
        if (running.isPresent()) {
            ComponentRecoveries.Running r = running.get();
            Decision joined = Decision.none("joined recovery " + r.recoveryId() + " (" + r.action() + ") of incident "
                    + r.incidentId() + ", already in flight for " + incident.component());
            record(incident, joined.reason());
            incidents.joined(incident.incidentId(), r.recoveryId());
            return joined;
        }
        RecoveryRequested request = new RecoveryRequested(incident.incidentId(), recoveryId,
                incident.component(), decision.action(), decision.target(), null, null, false,
                requestedBy == null ? "runbook" : requestedBy, clock.instant(),
                Map.of("reason", decision.reason(), "outageStartedAt", incident.outageStartedAt().toString()));
        if (decision.runsHere()) {
            try {
                recoveries.start(request);
            } catch (Recoveries.Refused e) {
                LOG.warnf("runbook action refused incidentId=%s: %s", incident.incidentId(), e.getMessage());
                components.release(recoveryId, false, Duration.ZERO);
                record(incident, decision.action() + " refused: " + e.getMessage());
                return decision;
            }
        } else {
            recoveries.request(request);
        }
        int tries = incidents.attempted(incident.incidentId(), recoveryId);
        record(incident, decision.action() + " " + recoveryId + ": " + decision.reason()
                + (tries > 1 ? " (try " + tries + " of " + retry.attempts() + ")" : ""));
        return decision;
    }

    /**
     * A recovery failed: when it is its incident's newest one and a health probe still finds the component down
     * (the incident would have been resolved at the first healthy probe), the next try is scheduled after a backoff
     * growing with the tries so far, up to the runbook's limit; after the last one the incident stays open and says
     * that an operator must act. Alert-born incidents are not retried: alerts lag reality.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void retryFailed(RecoveryCompleted completed) {
        if (completed.status() != RecoveryStatus.FAILED) {
            return;
        }
        Optional<Incident> found = incidents.find(completed.incidentId());
        if (found.isEmpty() || !Incident.OPEN.equals(found.get().status())
                || !HealthProber.SOURCE.equals(found.get().source())) {
            return;
        }
        Incident incident = found.get();
        IncidentStore.Attempts attempts = incidents.attempts(incident.incidentId());
        if (!completed.recoveryId().equals(attempts.lastRecovery())) {
            return;
        }
        String failed = "recovery " + completed.recoveryId() + " (" + completed.action() + ") failed"
                + (completed.error() == null ? "" : ": " + completed.error());
        if (attempts.count() >= retry.attempts()) {
            LOG.warnf("recovery failed, no tries left incidentId=%s component=%s tries=%d", incident.incidentId(),
                    incident.component(), attempts.count());
            record(incident, failed + "; " + attempts.count() + " of " + retry.attempts() + " tries used and "
                    + incident.component() + " is still down: an operator must act");
            return;
        }
        Instant at = clock.instant().plus(retry.backoff().multipliedBy(attempts.count()));
        incidents.retryAt(incident.incidentId(), at);
        LOG.infof("recovery failed, trying again incidentId=%s component=%s at=%s try=%d", incident.incidentId(),
                incident.component(), at, attempts.count() + 1);
        record(incident, failed + "; " + incident.component() + " is still down: trying again at " + at + " (try "
                + (attempts.count() + 1) + " of " + retry.attempts() + ")");
    }

    /**
     * Runs the tries that are due, and decides again the open incidents whose joined recovery no longer holds the
     * component (an alert still firing after the recovery it joined failed or settled is still an outage); each is
     * taken by one replica.
     */
    @Scheduled(every = "${dr.failover.runbook.retry.poll:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "runbook-retries")
    void retryDue() {
        QuarkusTransaction.requiringNew().run(() -> {
            for (Incident incident : incidents.takeDueRetries(clock.instant(), 10)) {
                LOG.infof("trying the recovery again incidentId=%s component=%s", incident.incidentId(),
                        incident.component());
                apply(incident, "runbook", null, false);
            }
            for (Incident incident : incidents.takeOrphanedJoins(10)) {
                LOG.infof("still open after the recovery it joined, deciding again incidentId=%s component=%s",
                        incident.incidentId(), incident.component());
                apply(incident, "runbook", null, false);
            }
            // Incidents opened at the same moment in separate transactions did not see each other.
            completeFailures.check(completeFailure);
        });
    }

    /**
     * A recovery ended: each incident that joined it and that a health probe still finds down (it would have been
     * resolved at the first healthy probe) is decided again now, as a new outage. Without this, a component lost
     * again while its last recovery was still running (a restored model being watched, say) stayed down with the
     * incident open and nothing recovering it. Alert-born incidents wait until the recovery no longer holds the
     * component (a succeeded one settles first): alerts lag reality, and the ones of a repaired outage resolve in
     * that time; one still open then is decided again by {@link #retryDue()}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void retryJoined(String recoveryId) {
        for (Incident incident : incidents.openJoined(recoveryId)) {
            if (!HealthProber.SOURCE.equals(incident.source())) {
                // Still joined: decided again once the recovery no longer holds the component (retryDue).
                continue;
            }
            incidents.joined(incident.incidentId(), null);
            LOG.infof("component still down after the recovery it joined, deciding again incidentId=%s "
                    + "component=%s recoveryId=%s", incident.incidentId(), incident.component(), recoveryId);
            components.release(recoveryId, false, Duration.ZERO);
            apply(incident, HealthProber.SOURCE, null, false);
        }
    }

    private Decision decide(Incident incident, String node, boolean replicaLag) {
        RunbookFile.Entry entry = file.entryFor(incident.component());
        if (!file.actsOn(entry, incident.severity())) {
            return Decision.none("severity " + incident.severity() + " is below the runbook's minimum "
                    + file.minimumFor(entry) + " for " + incident.component() + ": notify only");
        }
        if (entry.parsedPlan() != Plan.FAILOVER_OR_RESTORE) {
            return decider.decide(entry, this::standbyStatus);
        }
        Topology.State state = topology.state();
        String primary = topology.primary().orElse(null);
        Optional<Topology.Member> about = topology.find(node);
        if (about.isPresent() && Topology.FENCED.equals(about.get().role())) {
            return Decision.none("the alert is about " + about.get().hostPort() + ", which is no longer the primary "
                    + "(fenced; primary " + (primary == null ? "none" : PgNodes.hostPort(primary)) + " since "
                    + "generation " + state.generation() + ": " + state.reason() + ")");
        }
        if (about.isPresent() && Topology.STANDBY.equals(about.get().role())) {
            return new Decision(RecoveryAction.DATABASE_REJOIN, about.get().url(), true, "the alert is about standby "
                    + about.get().hostPort() + (replicaLag ? " (replication lag)" : "") + ": re-sync that standby, "
                    + "the primary is not touched");
        }
        if (replicaLag) {
            return laggingStandby().map(m -> new Decision(RecoveryAction.DATABASE_REJOIN, m.url(), true,
                    "replication-lag alert: re-sync the standby furthest behind, " + m.hostPort()
                            + "; the primary is not touched"))
                    .orElseGet(() -> Decision.none("replication-lag alert but no standby is registered: nothing to "
                            + "re-sync, the primary is not touched"));
        }
        Optional<Boolean> writable = primary == null ? Optional.empty() : nodes.writablePrimary(primary);
        if (writable.orElse(false)) {
            return Decision.none("the primary " + PgNodes.hostPort(primary) + " answers and takes writes: nothing "
                    + "to fail over or restore");
        }
        return decider.decide(entry, this::standbyStatus, writable.isEmpty());
    }

    private Optional<Topology.Member> laggingStandby() {
        return topology.members().stream().filter(m -> Topology.STANDBY.equals(m.role()))
                .max(Comparator.comparing((Topology.Member m) -> !Boolean.TRUE.equals(m.streaming()))
                        .thenComparing(m -> m.lagBytes() == null ? 0L : m.lagBytes()));
    }

    private void record(Incident incident, String decision) {
        incidents.decided(incident.incidentId(), decision);
        audit.record("runbook", "runbook-decision", incident.incidentId(), incident.component() + " "
                + incident.severity() + ": " + decision);
    }

    public StandbyStatus standbyStatus() {
        String primary = topology.primary().orElse(null);
        return topology.members().stream().filter(m -> Topology.STANDBY.equals(m.role()))
                .map(m -> nodes.standbyStatus(m.url(), primary, m.lastStreamingAt()))
                .filter(StandbyStatus::reachable).findFirst()
                .orElseGet(() -> StandbyStatus.unusable(null, "no reachable standby"));
    }
}
