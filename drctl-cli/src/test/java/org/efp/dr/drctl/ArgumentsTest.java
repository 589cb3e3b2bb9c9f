package org.efp.dr.drctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What drctl refuses before it asks any service, and the exit codes scripts get for it. */
class ArgumentsTest {

    private static final String SECRET = "s3cret-never-shown";

    @TempDir
    Path tmp;

    private Map<String, String> env() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed;
        return Map.of("HOME", tmp.toString(), "DRCTL_BACKUP_URL", url, "DRCTL_RESTORE_URL", url,
                "DRCTL_FAILOVER_URL", url, "DRCTL_USER", "operator", "DRCTL_PASSWORD", SECRET);
    }

    @Test
    void helpDocumentsTheExitCodesAndTheSettings() throws Exception {
        Run help = Run.of(env(), "--help");

        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Exit codes:", "3   a service is unreachable", "4   not found",
                "DRCTL_BACKUP_URL", "status", "backup", "failover", "generate-completion");
    }

    @Test
    void aDrillReportWithABadIdScenarioLimitOrHtmlFileIsRefusedBeforeMetricsServiceIsAsked() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(env());
        env.put("DRCTL_METRICS_URL", env.get("DRCTL_BACKUP_URL")); // nothing listens: a call would exit 3

        Run badId = Run.of(env, "drill", "report", "../reports");
        assertThat(badId.exit()).isEqualTo(2);
        assertThat(badId.err()).contains("drill id");
        assertThat(Run.of(env, "drill", "report", "--scenario", "Database Failure").exit()).isEqualTo(2);
        assertThat(Run.of(env, "drill", "report", "--limit", "0").exit()).isEqualTo(2);
        assertThat(Run.of(env, "drill", "report", "drill-1", "--scenario", "database_failure").exit()).isEqualTo(2);
        Run noDir = Run.of(env, "drill", "report", "--html", tmp.resolve("missing/drills.html").toString());
        assertThat(noDir.exit()).isEqualTo(2);
        assertThat(noDir.err()).contains("--html");
        assertThat(Run.of(env, "drill", "report", "drill-1").exit()).as("a good id is asked for").isEqualTo(3);
    }

    @Test
    void aMissingOrBadArgumentIsAUsageErrorWithExitTwo() throws Exception {
        Map<String, String> env = env();

        assertThat(Run.of(env).exit()).isEqualTo(2);
        assertThat(Run.of(env, "backup").exit()).isEqualTo(2);
        Run noKind = Run.of(env, "backup", "create", "--target", "energy_forecast");
        assertThat(noKind.exit()).isEqualTo(2);
        assertThat(noKind.err()).contains("--kind");
        Run badKind = Run.of(env, "backup", "create", "--target", "energy_forecast", "--kind", "HOURLY");
        assertThat(badKind.exit()).isEqualTo(2);
        assertThat(badKind.err()).contains("FULL", "BASE");
        assertThat(Run.of(env, "backup", "list", "-o", "xml").exit()).isEqualTo(2);
        assertThat(Run.of(env, "backup", "list", "--limit", "0").exit()).isEqualTo(2);
        assertThat(Run.of(env, "backup", "create", "--target", "../etc", "--kind", "FULL").exit()).isEqualTo(2);
        assertThat(Run.of(env, "backup", "describe", "../../wal").exit()).isEqualTo(2);
        assertThat(Run.of(env, "restore", "create", "--point-in-time", "yesterday").exit()).isEqualTo(2);
        assertThat(Run.of(env, "restore", "create", "--point-in-time", "2999-01-01T00:00:00Z").exit()).isEqualTo(2);
        assertThat(Run.of(env, "drill", "run", "--scenario", "everything").exit()).isEqualTo(2);
        assertThat(Run.of(env, "scale", "ml-service").exit()).as("no --replicas, --restore or --restart")
                .isEqualTo(2);
        assertThat(Run.of(env, "scale", "ml-service", "--replicas", "1", "--restore").exit()).isEqualTo(2);
        Run badName = Run.of(env, "scale", "ML_Service", "--replicas", "1");
        assertThat(badName.exit()).isEqualTo(2);
        assertThat(badName.err()).contains("Kubernetes name");
        Run tooMany = Run.of(env, "scale", "ml-service", "--replicas", "101");
        assertThat(tooMany.exit()).isEqualTo(2);
        assertThat(tooMany.err()).contains("between 0 and 100");
        assertThat(Run.of(env, "scale", "ml-service", "--restart", "-n", "../kube-system").exit()).isEqualTo(2);
        assertThat(Run.of(env, "recovery", "list", "--limit", "0").exit()).isEqualTo(2);
        assertThat(Run.of(env, "incident", "list", "--offset", "-1").exit()).isEqualTo(2);
        assertThat(Run.of(env, "incident", "resolve", "../audit").exit()).isEqualTo(2);
        assertThat(Run.of(env, "incident", "ack", "a/b").exit()).isEqualTo(2);
        assertThat(Run.of(env, "backup", "create", "--target", "energy_forecast", "--kind", "FULL", "--wait",
                "--timeout", "soon").exit()).isEqualTo(2);
        Run badService = Run.of(env, "dlq", "list", "--service", "printer");
        assertThat(badService.exit()).isEqualTo(2);
        assertThat(badService.err()).contains("backup, restore, failover, notifier");
        assertThat(Run.of(env, "incident", "declare", "--component", "database", "--impact", "x", "--severity",
                "APOCALYPTIC").exit()).isEqualTo(2);
    }

    @Test
    void missingSettingsAreUsageErrorsThatSayWhatToSet() throws Exception {
        Run noUrl = Run.of(Map.of("HOME", tmp.toString(), "DRCTL_USER", "u", "DRCTL_PASSWORD", SECRET), "topology");
        assertThat(noUrl.exit()).isEqualTo(2);
        assertThat(noUrl.err()).contains("DRCTL_FAILOVER_URL");

        Run noPassword = Run.of(Map.of("HOME", tmp.toString(), "DRCTL_FAILOVER_URL", "http://127.0.0.1:1"),
                "topology");
        assertThat(noPassword.exit()).isEqualTo(2);
        assertThat(noPassword.err()).contains("DRCTL_PASSWORD");

        Run noFile = Run.of(env(), "topology", "--config", tmp.resolve("absent.yaml").toString());
        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.err()).contains("absent.yaml");
    }

    @Test
    void anUnreachableServiceExitsThreeAndNeverShowsThePassword() throws Exception {
        Run run = Run.of(env(), "backup", "list", "-o", "json");

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("backup-service", "unreachable");
        assertThat(run.out() + run.err()).doesNotContain(SECRET);
    }

    @Test
    void theConfigFileNamesEndpointsAndCredentialsAndTheEnvironmentWins() throws Exception {
        Path file = tmp.resolve("config.yaml");
        Path password = tmp.resolve("password");
        Files.writeString(password, "from-file\n");
        Files.writeString(file, """
                endpoints:
                  backup: http://127.0.0.1:9001/
                  failover: http://127.0.0.1:9003
                user: viewer
                password-file: %s
                """.formatted(password));

        Settings fromFile = Settings.resolve(file, Map.of());
        Settings overridden = Settings.resolve(null, Map.of("DRCTL_CONFIG", file.toString(), "DRCTL_BACKUP_URL",
                "http://10.0.0.1:8081", "DRCTL_USER", "operator"));

        assertThat(fromFile.endpoint(Service.BACKUP)).hasToString("http://127.0.0.1:9001");
        assertThat(fromFile.user()).isEqualTo("viewer");
        assertThat(fromFile.password()).isEqualTo("from-file");
        assertThat(fromFile.has(Service.RESTORE)).isFalse();
        assertThat(overridden.endpoint(Service.BACKUP)).hasToString("http://10.0.0.1:8081");
        assertThat(overridden.endpoint(Service.FAILOVER)).hasToString("http://127.0.0.1:9003");
        assertThat(overridden.user()).isEqualTo("operator");
    }

    @Test
    void configCheckPassesTheGuidesFilesAndNamesFileKeyAndProblemOfABadOne() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("conf"));
        Run defaults = Run.of(env(), "config", "check", dir.toString(), "-o", "json");
        assertThat(defaults.exit()).isZero();
        assertThat(Api.JSON.readTree(defaults.out()).path("valid").asBoolean()).isTrue();

        Files.writeString(dir.resolve("recovery-objectives.yaml"), """
                objectives:
                  database:
                    name: "Databases"
                    rto: "soon"
                    rpo: "1m"
                """);
        Files.writeString(dir.resolve("contacts.yaml"), "contacts: [unclosed\n");
        Files.writeString(dir.resolve("extra.yaml"), "a: 1\n");

        Run bad = Run.of(env(), "config", "check", dir.toString(), "-o", "json");

        assertThat(bad.exit()).isEqualTo(2);
        JsonNode result = Api.JSON.readTree(bad.out());
        assertThat(result.path("valid").asBoolean()).isFalse();
        assertThat(result.path("errors")).hasSize(2);
        assertThat(result.path("notRead").get(0).asText()).isEqualTo("extra.yaml");
        assertThat(bad.err()).contains("recovery-objectives.yaml: objectives.database.rto", "soon");
        assertThat(bad.err()).contains("contacts.yaml", "not valid YAML");
        assertThat(Run.of(env(), "config", "check", tmp.resolve("nowhere").toString()).exit()).isEqualTo(2);
    }

    @Test
    void completionScriptCompletesTheCommands() throws Exception {
        Run script = Run.of(env(), "generate-completion");

        assertThat(script.exit()).isZero();
        assertThat(script.out()).contains("complete -F", "backup", "failover");
    }
}
