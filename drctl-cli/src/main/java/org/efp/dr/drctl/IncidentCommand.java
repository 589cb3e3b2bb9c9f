package org.efp.dr.drctl;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.efp.dr.common.events.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Incidents failover-service detected or operators declared. */
@Command(name = "incident", description = "List, describe, declare, acknowledge and resolve incidents.",
        subcommands = { IncidentCommand.ListIncidents.class, IncidentCommand.Describe.class,
            IncidentCommand.Declare.class, IncidentCommand.Ack.class, IncidentCommand.Resolve.class })
final class IncidentCommand extends Verb.Group {

    static final List<Output.Column> COLUMNS = List.of(Output.Column.of("ID", "/incidentId"),
            Output.Column.of("COMPONENT", "/component"), Output.Column.of("SEVERITY", "/severity"),
            Output.Column.of("STATUS", "/status"), Output.Column.of("DETECTED", "/detectedAt"),
            Output.Column.of("SOURCE", "/source"), Output.Column.of("IMPACT", "/impact"));

    @Command(name = "list", description = "The newest incidents, newest first.")
    static final class ListIncidents extends Verb {
        @Option(names = "--open", description = "only incidents still open")
        boolean open;

        @Mixin
        PageOptions page;

        @Override
        int execute() {
            JsonNode all = api().get(Service.FAILOVER, "/api/v1/incidents?" + page.query(this));
            ArrayNode shown = Api.JSON.createArrayNode();
            all.forEach(i -> {
                if (!open || "OPEN".equals(i.path("status").asText())) {
                    shown.add(i);
                }
            });
            print(shown, rows -> Output.table(rows, COLUMNS));
            return DrctlException.OK;
        }
    }

    @Command(name = "describe", description = "One incident and the recoveries started for it.")
    static final class Describe extends Verb {
        @Parameters(paramLabel = "INCIDENT_ID")
        String id;

        @Override
        int execute() {
            print(api().get(Service.FAILOVER, "/api/v1/incidents/" + Api.segment(id, "incident id")), Output::fields);
            return DrctlException.OK;
        }
    }

    @Command(name = "declare", description = "Declare an incident: the runbook decides what recovers it.")
    static final class Declare extends Verb {
        @Option(names = "--component", required = true, paramLabel = "COMPONENT",
                description = "api, database, ml-models, cache, ... as in the runbook")
        String component;

        @Option(names = "--impact", required = true, paramLabel = "TEXT", description = "what users see")
        String impact;

        @Option(names = "--severity", defaultValue = "HIGH", paramLabel = "SEVERITY",
                description = "CRITICAL, HIGH, MEDIUM or LOW (default: ${DEFAULT-VALUE})")
        Severity severity;

        @Option(names = "--started-at", paramLabel = "INSTANT", description = "when the outage began (default: now)")
        String startedAt;

        @Override
        int execute() {
            name(component, "--component");
            if (impact.isBlank()) {
                throw usage("--impact must not be blank");
            }
            ObjectNode body = Api.JSON.createObjectNode().put("component", component).put("impact", impact)
                    .put("severity", severity.name());
            if (startedAt != null) {
                try {
                    body.put("outageStartedAt", Instant.parse(startedAt).toString());
                } catch (DateTimeParseException e) {
                    throw usage("--started-at must be an instant such as 2026-12-01T05:00:00Z, was " + startedAt);
                }
            }
            print(api().post(Service.FAILOVER, "/api/v1/incidents", body), Output::fields);
            return DrctlException.OK;
        }
    }

    /** A verb on one incident: posts to its {@code action} endpoint at {@code service} and shows the answer. */
    abstract static class OnIncident extends Verb {
        @Parameters(paramLabel = "INCIDENT_ID")
        String id;

        private final Service service;
        private final String incidents;
        private final String action;

        OnIncident(Service service, String incidents, String action) {
            this.service = service;
            this.incidents = incidents;
            this.action = action;
        }

        @Override
        int execute() {
            print(api().post(service, incidents + Api.segment(id, "incident id") + "/" + action,
                    Api.JSON.createObjectNode()), Output::fields);
            return DrctlException.OK;
        }
    }

    @Command(name = "ack", description = "Acknowledge an incident (notifier-service): you have it, so its critical "
            + "notification does not escalate to the next level.")
    static final class Ack extends OnIncident {
        Ack() {
            super(Service.NOTIFIER, "/api/incidents/", "acknowledge");
        }
    }

    @Command(name = "resolve", description = "Resolve an open incident by hand (failover-service); one already "
            + "resolved stays as it is.")
    static final class Resolve extends OnIncident {
        Resolve() {
            super(Service.FAILOVER, "/api/v1/incidents/", "resolve");
        }
    }
}
