package org.efp.dr.drctl;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Recoveries failover-service runs: failovers, switchovers, rejoins, scaling, restores it requested. */
@Command(name = "recovery", description = "Recoveries run by failover-service.",
        subcommands = { RecoveryCommand.ListRecoveries.class, RecoveryCommand.Describe.class })
final class RecoveryCommand extends Verb.Group {

    @Command(name = "list", description = "Recoveries newest first: action, target, status, step, error.")
    static final class ListRecoveries extends Verb {
        @Mixin
        PageOptions page;

        @Override
        int execute() {
            print(api().get(Service.FAILOVER, "/api/v1/recoveries?" + page.query(this)),
                    rows -> Output.table(rows, List.of(Output.Column.of("ID", "/recoveryId"),
                            Output.Column.of("ACTION", "/action"), Output.Column.of("TARGET", "/target"),
                            Output.Column.of("STATUS", "/status"), Output.Column.of("DRY RUN", "/dryRun"),
                            Output.Column.of("INCIDENT", "/incidentId"), Output.Column.of("ERROR", "/error"))));
            return DrctlException.OK;
        }
    }

    @Command(name = "describe", description = "One recovery: action, target, status, step, error.")
    static final class Describe extends Verb {
        @Parameters(paramLabel = "RECOVERY_ID")
        String id;

        @Override
        int execute() {
            print(api().get(Service.FAILOVER, "/api/v1/recoveries/" + Api.segment(id, "recovery id")),
                    Output::fields);
            return DrctlException.OK;
        }
    }
}
