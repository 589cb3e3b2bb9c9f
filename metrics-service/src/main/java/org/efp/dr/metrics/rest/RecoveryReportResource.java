package org.efp.dr.metrics.rest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.Template;
import org.efp.dr.metrics.drill.DrillHistory;
import org.efp.dr.metrics.drill.DrillReport;
import org.efp.dr.metrics.incident.IncidentRepository;
import org.efp.dr.metrics.incident.IncidentView;
import org.efp.dr.metrics.threshold.ThresholdPolicy;

/** A readable page: each incident and drill as a bar of its recovery time against its RTO. */
@Path("/reports/recovery")
@RolesAllowed({ "viewer", "operator" })
public class RecoveryReportResource {

    private final Template recoveryReport;
    private final IncidentRepository incidents;
    private final DrillHistory drills;
    private final ThresholdPolicy policy;
    private final Clock clock;

    public RecoveryReportResource(Template recoveryReport, IncidentRepository incidents, DrillHistory drills,
            ThresholdPolicy policy, Clock clock) {
        this.recoveryReport = recoveryReport;
        this.incidents = incidents;
        this.drills = drills;
        this.policy = policy;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String page(@QueryParam("limit") @DefaultValue("50") String limit) {
        int max = Requests.limit(limit);
        Instant now = clock.instant();
        List<TimelineRow> rows = Stream.concat(incidents.list(false, max).stream().map(i -> row(i, now)),
                drills.history(null, max).stream().map(RecoveryReportResource::row))
                .sorted((a, b) -> b.startedAt().compareTo(a.startedAt())).toList();
        return recoveryReport.data("rows", rows).data("generatedAt", now).render();
    }

    private TimelineRow row(IncidentView incident, Instant now) {
        boolean finished = incident.timeToRecoverSeconds() != null;
        long seconds = finished ? incident.timeToRecoverSeconds()
                : Math.max(0, Duration.between(incident.outageStartedAt(), now).getSeconds());
        Long rto = policy.objective(incident.component()).map(o -> o.rto().getSeconds()).orElse(null);
        return new TimelineRow("incident", incident.incidentId(), incident.component() + " ("
                + incident.severity().toLowerCase() + ")", incident.outageStartedAt(), seconds, rto, finished,
                incident.rtoMet(), incident.state());
    }

    private static TimelineRow row(DrillReport drill) {
        long seconds = drill.measuredRtoSeconds() != null ? drill.measuredRtoSeconds() : drill.durationSeconds();
        return new TimelineRow("drill", drill.drillId(), drill.scenario() + " (" + drill.type() + ")",
                drill.startedAt(), seconds, drill.rtoObjectiveSeconds(), true, drill.rtoMet(),
                drill.success() ? "succeeded" : "failed: " + drill.error());
    }
}
