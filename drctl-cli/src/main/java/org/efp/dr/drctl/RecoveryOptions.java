package org.efp.dr.drctl;

import picocli.CommandLine.Option;

/** What every recovery request verb takes: a dry run, the incident it answers, and following it to its end. */
final class RecoveryOptions {

    @Option(names = "--dry-run", description = "run the checks and plan only; change nothing")
    boolean dryRun;

    @Option(names = "--incident", paramLabel = "INCIDENT_ID", description = "the incident it answers (default: a new "
            + "one)")
    String incidentId;

    @Option(names = "--wait", description = "follow the recovery until it ends; exit 1 unless it SUCCEEDED")
    boolean await;
}
