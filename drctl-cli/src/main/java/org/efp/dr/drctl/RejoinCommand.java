package org.efp.dr.drctl;

import java.time.Duration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Brings an old primary (or a broken standby) back as a standby of the current primary. */
@Command(name = "rejoin", description = "Rewind NODE and bring it back as a streaming standby (failover-service).")
final class RejoinCommand extends Verb {

    @Parameters(paramLabel = "NODE", description = "host:port as 'drctl topology' lists it")
    String node;

    @Option(names = "--dry-run", description = "run the checks and plan only")
    boolean dryRun;

    @Option(names = "--wait", description = "follow the recovery until it ends; exit 1 unless it SUCCEEDED")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "how long --wait waits (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    int execute() {
        if (!node.matches("[A-Za-z0-9._:\\[\\]-]{1,200}") && !node.startsWith("jdbc:postgresql://")) {
            throw usage("NODE must be host:port (or a jdbc:postgresql:// URL), was '" + node + "'");
        }
        return Recoveries.request(this, "DATABASE_REJOIN", node, dryRun, null, await, timeout);
    }
}
