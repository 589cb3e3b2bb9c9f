package org.efp.dr.drctl;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The operators' command line for the platform, as velero, pgbackrest and patronictl are for theirs. */
@Command(name = "drctl", mixinStandardHelpOptions = true, version = "drctl 0.1.0",
        description = {
            "Operate the disaster-recovery platform: status, backups, restores, failover, scaling, incidents, "
                    + "drills, dead letters.",
            "Every command takes --output table|json|yaml and --config FILE." },
        subcommands = { StatusCommand.class, BackupCommand.class, RestoreCommand.class, FailoverCommand.class,
            RejoinCommand.class, ScaleCommand.class, RecoveryCommand.class, TopologyCommand.class,
            IncidentCommand.class, DrillCommand.class, DlqCommand.class, ConfigCommand.class,
            AutoComplete.GenerateCompletion.class },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:the operation failed (a backup or restore ended FAILED, a drill did not succeed or missed an "
                    + "objective, a verify found problems, a wait timed out)",
            "2:usage or validation error (bad argument, bad config file, or the service refused the request as "
                    + "invalid)",
            "3:a service is unreachable or refused the credentials",
            "4:not found (unknown backup, restore, incident, drill, recovery or record)" },
        footerHeading = "%nConfiguration:%n",
        footer = {
            "  --config FILE, else $DRCTL_CONFIG, else ~/.config/drctl/config.yaml:",
            "    endpoints: {backup: URL, restore: URL, failover: URL,",
            "                notifier: URL, metrics: URL}",
            "    user: NAME",
            "    password: SECRET        (or password-file: FILE)",
            "  The environment wins over the file: DRCTL_BACKUP_URL, DRCTL_RESTORE_URL,",
            "  DRCTL_FAILOVER_URL, DRCTL_NOTIFIER_URL, DRCTL_METRICS_URL, DRCTL_USER,",
            "  DRCTL_PASSWORD. The ./drctl script at the repository root defaults them",
            "  to the local run (./dr up)." })
public final class Drctl implements Runnable {

    final Map<String, String> env;
    final PrintWriter out;
    final PrintWriter err;

    @Spec
    CommandSpec spec;

    Drctl(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(args, System.getenv(), out, err));
    }

    /** Runs one command line with {@code env} as the environment; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(env, out, err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Drctl(env, out, err));
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false)
                .description("Print a bash/zsh completion script: source <(drctl generate-completion)");
        cl.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof DrctlException d) {
                err.println("drctl: " + d.getMessage());
                err.flush();
                return d.exitCode();
            }
            err.println("drctl: " + e);
            err.flush();
            return DrctlException.FAILED;
        });
        return cl;
    }
}
