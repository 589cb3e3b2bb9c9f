package org.efp.dr.drctl;

import java.time.Duration;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A database failover (or switchover) through failover-service's recovery API. */
@Command(name = "failover", description = "Promote a standby of the database cluster (failover-service). "
        + "--dry-run checks the plan without changing anything.")
final class FailoverCommand extends Verb {

    @Option(names = "--to", paramLabel = "NODE", description = "the standby to promote, host:port as "
            + "'drctl topology' lists it (default: the best standby)")
    String to;

    @Option(names = "--switchover", description = "planned: the primary is healthy and hands over (no data loss)")
    boolean switchover;

    @Mixin
    RecoveryOptions recovery;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15m", converter = DurationConverter.class,
            description = "how long --wait waits (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    int execute() {
        if (to != null && !to.matches("[A-Za-z0-9._:\\[\\]-]{1,200}")) {
            throw usage("--to must be a node as host:port, was '" + to + "'");
        }
        return Recoveries.request(this, switchover ? "DATABASE_SWITCHOVER" : "DATABASE_FAILOVER", to, Map.of(),
                recovery, timeout);
    }
}
