package org.efp.dr.drctl;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** The database cluster as failover-service sees it, as {@code patronictl list} shows one. */
@Command(name = "topology", description = "The database cluster: members, roles, states, lag (failover-service).")
final class TopologyCommand extends Verb {

    @Override
    int execute() {
        print(api().get(Service.FAILOVER, "/api/v1/database/topology"), TopologyCommand::table);
        return DrctlException.OK;
    }

    static String table(JsonNode t) {
        String head = "Cluster: " + Output.text(t.path("cluster")) + " (timeline " + Output.text(t.path("timeline"))
                + ", generation " + Output.text(t.path("generation")) + ", primary " + Output.text(t.path("primary"))
                + ", streaming standbys " + Output.text(t.path("streamingStandbys")) + ")\n";
        String fenced = t.path("reason").isTextual() ? "Last change: " + t.path("reason").asText()
                + (t.path("changedAt").isTextual() ? " at " + t.path("changedAt").asText() : "") + "\n" : "";
        return head + fenced + Output.table(t.path("members"), List.of(Output.Column.of("MEMBER", "/member"),
                Output.Column.of("HOST", "/host"), Output.Column.of("PORT", "/port"), Output.Column.of("ROLE", "/role"),
                Output.Column.of("STATE", "/state"), Output.Column.bytes("LAG", "/lagBytes"),
                Output.Column.of("LAG(S)", "/lagSeconds"), Output.Column.of("LAST STREAMING", "/lastStreamingAt")));
    }
}
