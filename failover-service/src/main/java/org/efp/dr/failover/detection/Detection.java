package org.efp.dr.failover.detection;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.efp.dr.common.delivery.EventPublisher;
import org.efp.dr.common.events.IncidentResolved;
import org.efp.dr.common.events.OutageDetected;
import org.efp.dr.failover.audit.AuditLog;
import org.jboss.logging.Logger;

/**
 * Where every detector ends: opens the incident (a repeat of an open fingerprint is the same incident), publishes
 * OutageDetected once and hands the incident to the runbook, all in one transaction.
 */
@ApplicationScoped
public class Detection {

    private static final Logger LOG = Logger.getLogger(Detection.class);

    private final IncidentStore incidents;
    private final EventPublisher publisher;
    private final IncidentResponder responder;
    private final Clock clock;
    private final AuditLog audit;

    public Detection(IncidentStore incidents, EventPublisher publisher, IncidentResponder responder, Clock clock,
            AuditLog audit) {
        this.audit = audit;
        this.incidents = incidents;
        this.publisher = publisher;
        this.responder = responder;
        this.clock = clock;
    }

    /** Declares an outage detected here; returns the incident and whether it is new. */
    @Transactional
    public IncidentStore.Opened declare(Declaration declaration, String declaredBy) {
        IncidentStore.Opened opened = incidents.open("inc-" + UUID.randomUUID(), declaration);
        if (opened.created()) {
            Incident i = opened.incident();
            publisher.publish(new OutageDetected(i.incidentId(), i.component(), i.severity(), i.impact(),
                    i.source(), i.outageStartedAt(), i.detectedAt(), i.fingerprint()), "outage-" + i.incidentId());
            LOG.infof("outage declared incidentId=%s component=%s severity=%s source=%s", i.incidentId(),
                    i.component(), i.severity(), i.source());
            audit.record(declaredBy, "outage-detected", i.incidentId(), i.component() + " " + i.severity() + " from "
                    + i.source());
            responder.respond(i, declaredBy, declaration.node(), declaration.replicaLag());
        } else {
            LOG.debugf("repeat of open incident incidentId=%s fingerprint=%s", opened.incident().incidentId(),
                    declaration.fingerprint());
        }
        return opened;
    }

    /** Takes on an outage another service published; it already has its id and event. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void adopt(OutageDetected event) {
        Declaration d = new Declaration(event.component(), event.severity(), event.impact(), event.source(),
                event.outageStartedAt(), event.detectedAt(), event.fingerprint());
        IncidentStore.Opened opened = incidents.open(event.incidentId(), d);
        if (opened.created()) {
            responder.respond(opened.incident(), event.source(), null, false);
        }
    }

    /** Closes the open incident of {@code fingerprint} and publishes IncidentResolved; {@code by} says who saw it end. */
    @Transactional
    public Optional<Incident> resolve(String fingerprint, String by) {
        return announce(incidents.resolve(fingerprint, clock.instant()), by);
    }

    /** Closes the incident {@code incidentId} if it is open (an operator's resolve) and publishes IncidentResolved. */
    @Transactional
    public Optional<Incident> resolveById(String incidentId, String by) {
        return announce(incidents.resolveById(incidentId, clock.instant()), by);
    }

    private Optional<Incident> announce(Optional<Incident> resolved, String by) {
        resolved.ifPresent(i -> {
            LOG.infof("incident resolved incidentId=%s component=%s by=%s", i.incidentId(), i.component(), by);
            publisher.publish(new IncidentResolved(i.incidentId(), i.component(), i.resolvedAt(), by),
                    "resolved-" + i.incidentId());
        });
        return resolved;
    }
}
