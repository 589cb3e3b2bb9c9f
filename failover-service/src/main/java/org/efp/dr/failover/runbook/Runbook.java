package org.efp.dr.failover.runbook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.efp.dr.common.config.RecoveryObjectives;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.failover.database.DatabaseConfig;
import org.efp.dr.failover.database.PgNodes;
import org.efp.dr.failover.database.StandbyStatus;
import org.efp.dr.failover.database.Topology;
import org.efp.dr.failover.detection.Incident;
import org.efp.dr.failover.recovery.Recoveries;
import org.jboss.logging.Logger;

/** Turns a new incident into recoveries by the runbook file: run here, or requested from the owning service. */
@ApplicationScoped
public class Runbook {

    private static final Logger LOG = Logger.getLogger(Runbook.class);

    private final RunbookFile file;
    private final RunbookDecider decider;
    private final Recoveries recoveries;
    private final Topology topology;
    private final PgNodes nodes;
    private final Clock clock;

    public Runbook(@ConfigProperty(name = "dr.failover.runbook-file") Optional<String> runbookFile, SeedConfig seed,
            DatabaseConfig database, Recoveries recoveries, Topology topology, PgNodes nodes, Clock clock) {
        this.file = RunbookFile.load(locate(runbookFile));
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

    /** Acts on a new incident; returns the decision. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Decision apply(Incident incident, String requestedBy) {
        Decision decision = preview(incident.component());
        LOG.infof("runbook decision incidentId=%s component=%s action=%s reason=%s", incident.incidentId(),
                incident.component(), decision.action(), decision.reason());
        if (!decision.acts()) {
            return decision;
        }
        RecoveryRequested request = new RecoveryRequested(incident.incidentId(), "rec-" + UUID.randomUUID(),
                incident.component(), decision.action(), decision.target(), null, null, false,
                requestedBy == null ? "runbook" : requestedBy, clock.instant(),
                Map.of("reason", decision.reason(), "outageStartedAt", incident.outageStartedAt().toString()));
        if (decision.runsHere()) {
            try {
                recoveries.start(request);
            } catch (Recoveries.Refused e) {
                LOG.warnf("runbook action refused incidentId=%s: %s", incident.incidentId(), e.getMessage());
            }
        } else {
            recoveries.request(request);
        }
        return decision;
    }

    public StandbyStatus standbyStatus() {
        String primary = topology.primary().orElse(null);
        return topology.standbys().stream().map(url -> nodes.standbyStatus(url, primary))
                .filter(StandbyStatus::reachable).findFirst()
                .orElseGet(() -> StandbyStatus.unusable(null, "no reachable standby"));
    }
}
