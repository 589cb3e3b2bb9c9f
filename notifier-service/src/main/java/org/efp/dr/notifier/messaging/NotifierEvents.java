package org.efp.dr.notifier.messaging;

import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.common.delivery.EventHandler;
import org.efp.dr.common.events.IncidentResolved;
import org.efp.dr.common.postgres.Jdbc;
import org.efp.dr.common.events.ReceivedEvent;
import org.efp.dr.notifier.escalation.Escalator;
import org.efp.dr.notifier.notice.Notice;
import org.efp.dr.notifier.notice.NoticeFactory;
import org.efp.dr.notifier.notice.NoticeStore;
import org.jboss.logging.Logger;

/**
 * What notifier-service does with every event people are told about: renders the notice and stores it in the
 * intake transaction (nothing is sent from here), so a redelivered event or repeated news is stored once. An
 * incident's end stops its escalation timers.
 */
@ApplicationScoped
public class NotifierEvents implements EventHandler {

    private static final Logger LOG = Logger.getLogger(NotifierEvents.class);

    private final Jdbc jdbc;
    private final NoticeFactory notices;

    public NotifierEvents(DataSource dataSource, NoticeFactory notices) {
        this.jdbc = new Jdbc(dataSource);
        this.notices = notices;
    }

    @Override
    public void handle(ReceivedEvent event) {
        if (event.payload() instanceof IncidentResolved resolved) {
            int ended = Escalator.incidentResolved(jdbc, resolved.incidentId(), resolved.resolvedAt(),
                    resolved.resolvedBy());
            LOG.debugf("incident resolved incidentId=%s escalations ended=%d", resolved.incidentId(), ended);
            return;
        }
        Optional<Notice> notice = notices.from(event, incident -> NoticeStore.incidentSeverity(jdbc, incident));
        if (notice.isEmpty()) {
            LOG.debugf("nothing to tell type=%s eventId=%s", event.type(), event.id());
            return;
        }
        boolean stored = NoticeStore.insert(jdbc, notice.get());
        LOG.debugf("notice %s template=%s groupKey=%s eventId=%s", stored ? "stored" : "duplicate",
                notice.get().template(), notice.get().groupKey(), event.id());
    }
}
