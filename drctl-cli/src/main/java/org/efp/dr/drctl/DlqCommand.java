package org.efp.dr.drctl;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A service's dead-letter records: what it refused, and handing one back once its cause is fixed. */
@Command(name = "dlq", description = "List and replay a service's dead-letter records.",
        subcommands = { DlqCommand.ListRecords.class, DlqCommand.Replay.class })
final class DlqCommand extends Verb.Group {

    @Command(name = "list", description = "The newest records a service dead-lettered, with the reason.")
    static final class ListRecords extends Verb {
        @Option(names = "--service", required = true, paramLabel = "SERVICE",
                description = "backup, restore, failover, notifier or metrics")
        String service;

        @Option(names = "--limit", defaultValue = "50", description = "at most this many (1-500, default: "
                + "${DEFAULT-VALUE})")
        int limit;

        @Override
        int execute() {
            Service s = Service.of(service);
            limit(limit, 500);
            print(api().get(s, "/dead-letters?limit=" + limit), rows -> Output.table(rows, List.of(
                    Output.Column.of("PARTITION", "/partition"), Output.Column.of("OFFSET", "/offset"),
                    Output.Column.of("TOPIC", "/topic"), Output.Column.of("KEY", "/key"),
                    Output.Column.of("AT", "/deadLetteredAt"), Output.Column.of("REASON", "/reason"))));
            return DrctlException.OK;
        }
    }

    @Command(name = "replay", description = "Hand one dead-letter record to its service again.")
    static final class Replay extends Verb {
        @Option(names = "--service", required = true, paramLabel = "SERVICE",
                description = "backup, restore, failover, notifier or metrics")
        String service;

        @Parameters(index = "0", paramLabel = "PARTITION", description = "as 'drctl dlq list' shows it")
        int partition;

        @Parameters(index = "1", paramLabel = "OFFSET", description = "as 'drctl dlq list' shows it")
        long offset;

        @Override
        int execute() {
            Service s = Service.of(service);
            if (partition < 0 || offset < 0) {
                throw usage("PARTITION and OFFSET must not be negative");
            }
            print(api().post(s, "/dead-letters/" + partition + "/" + offset + "/replay", null), Output::fields);
            return DrctlException.OK;
        }
    }
}
