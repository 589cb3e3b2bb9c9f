package org.efp.dr.failover.rest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.efp.dr.common.events.Require;
import org.efp.dr.failover.audit.AuditLog;
import org.efp.dr.failover.detection.AlertMapping;
import org.efp.dr.failover.detection.AlertmanagerWebhook;
import org.efp.dr.failover.detection.AlertsConfig;
import org.efp.dr.failover.detection.Declaration;
import org.efp.dr.failover.detection.Detection;
import org.efp.dr.failover.detection.IncidentStore;
import org.jboss.logging.Logger;

/** Prometheus Alertmanager's webhook receiver: firing alerts declare incidents, resolved alerts close them. */
@Path("/api/v1/alerts/alertmanager")
@RolesAllowed({ "operator", "alertmanager" })
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AlertmanagerResource {

    /**
     * Per alert: the incident it maps to and what happened (opened, repeat, resolved, not-open, or refused with the
     * reason).
     */
    public record AlertResult(String fingerprint, String incidentId, String outcome, String reason) {

        AlertResult(String fingerprint, String incidentId, String outcome) {
            this(fingerprint, incidentId, outcome, null);
        }
    }

    private static final Logger LOG = Logger.getLogger(AlertmanagerResource.class);

    private final Detection detection;
    private final AlertMapping mapping;
    private final AuditLog audit;
    private final SecurityIdentity identity;
    private final Clock clock;

    public AlertmanagerResource(Detection detection, AlertsConfig config, AuditLog audit, SecurityIdentity identity,
            Clock clock) {
        this.detection = detection;
        this.mapping = AlertMapping.of(config);
        this.audit = audit;
        this.identity = identity;
        this.clock = clock;
    }

    /**
     * Acts on every alert of the notification that can be acted on; an odd one (bad status, fingerprint, component
     * label) is refused on its own and reported in the answer, the audit log and the log, so it never costs the rest of
     * its batch. Only a notification of which no alert can be acted on is a 400.
     */
    @POST
    @Transactional
    @Operation(summary = "Alertmanager webhook: firing alerts declare incidents, resolved alerts close them")
    public Map<String, Object> receive(@Valid @NotNull AlertmanagerWebhook webhook) {
        Instant now = clock.instant();
        List<AlertResult> results = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (AlertmanagerWebhook.Alert alert : webhook.alerts()) {
            Optional<String> problem = alert.problem();
            Declaration declaration = null;
            if (problem.isEmpty() && alert.firing()) {
                try {
                    declaration = mapping.declaration(alert, now, webhook.externalURL());
                } catch (IllegalArgumentException e) {
                    problem = Optional.of(e.getMessage());
                }
            }
            if (problem.isPresent()) {
                String fingerprint = alert.fingerprint() == null ? null : Require.abbreviate(alert.fingerprint());
                results.add(new AlertResult(fingerprint, null, "refused", problem.get()));
                refusals.add(problem.get());
                LOG.warnf("alert refused groupKey=%s fingerprint=%s: %s", webhook.groupKey(), fingerprint,
                        problem.get());
            } else if (alert.firing()) {
                IncidentStore.Opened opened = detection.declare(declaration, identity.getPrincipal().getName());
                results.add(new AlertResult(alert.fingerprint(), opened.incident().incidentId(),
                        opened.created() ? "opened" : "repeat"));
            } else {
                results.add(detection.resolve("alertmanager:" + alert.fingerprint(), "alertmanager")
                        .map(i -> new AlertResult(alert.fingerprint(), i.incidentId(), "resolved"))
                        .orElseGet(() -> new AlertResult(alert.fingerprint(), null, "not-open")));
            }
        }
        if (refusals.size() == webhook.alerts().size()) {
            throw new IllegalArgumentException("no alert of the notification can be acted on: "
                    + String.join("; ", refusals));
        }
        audit.record(identity.getPrincipal().getName(), "alertmanager-webhook", webhook.groupKey(),
                results.toString());
        return Map.of("groupKey", String.valueOf(webhook.groupKey()), "alerts", results);
    }
}
