package org.efp.dr.drctl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** One recovery failover-service runs: a failover, switchover or rejoin requested before. */
@Command(name = "recovery", description = "Recoveries run by failover-service.",
        subcommands = { RecoveryCommand.Describe.class })
final class RecoveryCommand extends Verb.Group {

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
