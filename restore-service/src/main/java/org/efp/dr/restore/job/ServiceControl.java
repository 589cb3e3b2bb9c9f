package org.efp.dr.restore.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.narayana.jta.QuarkusTransaction;
import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryRequested;
import org.efp.dr.common.postgres.Jdbc;
import org.efp.dr.restore.RestoreException;
import org.efp.dr.restore.config.RestoreSettings;
import org.jboss.logging.Logger;

/**
 * The guide's "stop affected services → restore → verify → restart services", with failover-service doing the
 * stopping and starting: a restore into the live target publishes a RecoveryRequested (SCALE_DOWN, later SCALE_UP)
 * naming the deployments and waits for the RecoveryCompleted that answers it. Scaling is failover-service's job
 * (it remembers replica counts and audits every change); restore-service never talks to Kubernetes itself.
 */
@ApplicationScoped
public class ServiceControl {

    /** Request parameter naming the deployments to stop ("none" for none); overrides the configured ones. */
    public static final String STOP_SERVICES = "stopServices";
    public static final String STOP_STEP = "stop affected services";
    public static final String START_STEP = "restart affected services";

    private static final Logger LOG = Logger.getLogger(ServiceControl.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Jdbc jdbc;
    private final EventPublisher publisher;
    private final Clock clock;
    private final RestoreSettings.Restore config;

    public ServiceControl(DataSource dataSource, EventPublisher publisher, Clock clock, RestoreSettings settings) {
        this.jdbc = new Jdbc(dataSource);
        this.publisher = publisher;
        this.clock = clock;
        this.config = settings.restore();
    }

    /**
     * The deployments to stop around a restore: the request's {@code stopServices} when given, otherwise the
     * configured ones of its component, but only when the restore writes into the live target (models are
     * switched in the live directory; a database only when it is overwritten in place, {@code replace=true}; a
     * restore into a new database or a new cluster leaves the services running on what they use).
     */
    public List<String> affected(JobKind kind, RestoreRequest request) {
        String explicit = request.parameters().get(STOP_SERVICES);
        if (explicit != null) {
            return "none".equalsIgnoreCase(explicit.trim()) ? List.of() : names(explicit);
        }
        if (!config.controlServices() || !live(kind, request)) {
            return List.of();
        }
        return names(config.affectedServices().getOrDefault(request.component(), ""));
    }

    private static boolean live(JobKind kind, RestoreRequest request) {
        if (kind == JobKind.MODELS) {
            return true;
        }
        return kind == JobKind.DATABASE && !request.physical()
                && Boolean.parseBoolean(request.parameter("replace", "false"));
    }

    private static List<String> names(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /** Asks failover-service to scale the deployments to zero and waits until it says they are stopped. */
    public String stop(String jobId, RestoreRequest request, List<String> deployments) {
        return ask(jobId, request, deployments, RecoveryAction.SCALE_DOWN, ":stop-services", "stopped");
    }

    /** Asks failover-service to scale the deployments back to their counts and waits until it says so. */
    public String start(String jobId, RestoreRequest request, List<String> deployments) {
        return ask(jobId, request, deployments, RecoveryAction.SCALE_UP, ":restart-services", "started again");
    }

    /** As {@link #stop}, around a rollback of the restored model (a request of its own). */
    public String stopForRollback(String jobId, RestoreRequest request, List<String> deployments) {
        return ask(jobId, request, deployments, RecoveryAction.SCALE_DOWN, ":rollback-stop-services", "stopped");
    }

    /** As {@link #start}, once the rollback switched the model back. */
    public String startForRollback(String jobId, RestoreRequest request, List<String> deployments) {
        return ask(jobId, request, deployments, RecoveryAction.SCALE_UP, ":rollback-restart-services",
                "started again");
    }

    private String ask(String jobId, RestoreRequest request, List<String> deployments, RecoveryAction action,
            String suffix, String done) {
        String recoveryId = jobId + suffix;
        String target = String.join(",", deployments);
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            jdbc.update("service_request update", "INSERT INTO service_request (recovery_id, job_id, action, "
                    + "deployments) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", recoveryId, jobId, action.name(),
                    target);
            publisher.publish(new RecoveryRequested(request.incidentId(), recoveryId, request.component(), action,
                    target, null, null, false, "restore-service", now, Map.of("restoreJobId", jobId)), recoveryId);
        });
        LOG.infof("services requested jobId=%s recoveryId=%s action=%s deployments=%s", jobId, recoveryId, action,
                target);
        Instant deadline = now.plus(config.serviceControlTimeout());
        while (true) {
            Optional<String[]> answer = answer(recoveryId);
            if (answer.isPresent()) {
                if ("SUCCEEDED".equals(answer.get()[0])) {
                    return target + " " + done + " by failover-service (recovery " + recoveryId + ")";
                }
                throw new RestoreException(RestoreException.Reason.SERVICE_CONTROL_FAILED, "failover-service could "
                        + "not " + (action == RecoveryAction.SCALE_DOWN ? "stop " : "start ") + target + " (recovery "
                        + recoveryId + "): " + answer.get()[1]);
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new RestoreException(RestoreException.Reason.SERVICE_CONTROL_FAILED, "failover-service did not "
                        + "confirm " + action + " of " + target + " within " + config.serviceControlTimeout()
                        + " (recovery " + recoveryId + ")");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RestoreException(RestoreException.Reason.INTERRUPTED, "stopped while waiting for "
                        + "failover-service (recovery " + recoveryId + ")");
            }
        }
    }

    /** Records failover-service's answer to a request a restore made; other completions are not ours. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void completed(RecoveryCompleted completed) {
        int answered = jdbc.update("service_request update",
                "UPDATE service_request SET status = ?, error = ?, answered_at = ? "
                + "WHERE recovery_id = ? AND status IS NULL", completed.status().name(), completed.error(),
                completed.completedAt(), completed.recoveryId());
        if (answered == 1) {
            LOG.infof("services answered recoveryId=%s status=%s", completed.recoveryId(), completed.status());
        }
    }

    private Optional<String[]> answer(String recoveryId) {
        return jdbc.one("service_request read", "SELECT status, error FROM service_request WHERE recovery_id = ? "
                + "AND status IS NOT NULL", rs -> new String[] {rs.getString(1), rs.getString(2)}, recoveryId);
    }
}
