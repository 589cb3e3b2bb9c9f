package org.efp.dr.failover.rest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.identity.SecurityIdentity;
import org.efp.dr.failover.audit.AuditLog;
import org.efp.dr.failover.detection.AlertMapping;
import org.efp.dr.failover.detection.AlertmanagerWebhook;
import org.efp.dr.failover.detection.AlertsConfig;
import org.efp.dr.failover.detection.Detection;
import org.efp.dr.failover.detection.IncidentStore;

/** Prometheus Alertmanager's webhook receiver: firing alerts declare incidents, resolved alerts close them. */
@Path("/api/v1/alerts/alertmanager")
@RolesAllowed({ "operator", "alertmanager" })
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AlertmanagerResource {

    /** Per alert: the incident it maps to and what happened (opened, repeat, resolved, not-open). */
    public record AlertResult(String fingerprint, String incidentId, String outcome) {
    }

    private final JsonBody bodies;
    private final Detection detection;
    private final AlertMapping mapping;
    private final AuditLog audit;
    private final SecurityIdentity identity;
    private final Clock clock;

    public AlertmanagerResource(Detection detection, AlertsConfig config, AuditLog audit, SecurityIdentity identity,
            Clock clock, JsonBody bodies) {
        this.bodies = bodies;
        this.detection = detection;
        this.mapping = AlertMapping.of(config);
        this.audit = audit;
        this.identity = identity;
        this.clock = clock;
    }

    @POST
    @Transactional
    public Map<String, Object> receive(String body) {
        AlertmanagerWebhook webhook = bodies.read(body, AlertmanagerWebhook.class, "an Alertmanager webhook payload");
        Instant now = clock.instant();
        List<AlertResult> results = new ArrayList<>();
        for (AlertmanagerWebhook.Alert alert : webhook.alerts()) {
            if (alert.firing()) {
                IncidentStore.Opened opened = detection.declare(
                        mapping.declaration(alert, now, webhook.externalURL()), identity.getPrincipal().getName());
                results.add(new AlertResult(alert.fingerprint(), opened.incident().incidentId(),
                        opened.created() ? "opened" : "repeat"));
            } else {
                results.add(detection.resolve("alertmanager:" + alert.fingerprint())
                        .map(i -> new AlertResult(alert.fingerprint(), i.incidentId(), "resolved"))
                        .orElseGet(() -> new AlertResult(alert.fingerprint(), null, "not-open")));
            }
        }
        audit.record(identity.getPrincipal().getName(), "alertmanager-webhook", webhook.groupKey(),
                results.toString());
        return Map.of("groupKey", String.valueOf(webhook.groupKey()), "alerts", results);
    }
}
