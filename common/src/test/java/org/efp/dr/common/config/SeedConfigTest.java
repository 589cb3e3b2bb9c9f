package org.efp.dr.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.efp.dr.common.events.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedConfigTest {

    @TempDir
    Path configDir;

    @Test
    void defaultsAreTheGuidesValues() {
        // When
        SeedConfig config = SeedConfig.load(null, Map.of());

        // Then
        assertThat(config.backup().databaseFull()).isEqualTo(new BackupConfig.Policy("0 0 * * *", Duration.ofDays(30)));
        assertThat(config.backup().databaseIncremental())
                .isEqualTo(new BackupConfig.Policy("0 */6 * * *", Duration.ofDays(7)));
        assertThat(config.backup().models()).isEqualTo(new BackupConfig.Policy("0 */12 * * *", Duration.ofDays(14)));
        assertThat(config.backup().configs()).isEqualTo(new BackupConfig.Policy("0 0 * * *", Duration.ofDays(90)));
        assertThat(config.drills().drills()).containsEntry("database_recovery",
                new DrillSchedule.Drill("database_recovery", "monthly", "full", true))
                .containsEntry("model_recovery", new DrillSchedule.Drill("model_recovery", "weekly", "partial", true))
                .containsEntry("region_failover",
                        new DrillSchedule.Drill("region_failover", "quarterly", "simulation", true));
        assertThat(config.contacts().team("database")).contains(new ContactMatrix.Team("database",
                "db-lead@company.com", "db-backup@company.com", "+1234567891"));
        assertThat(config.contacts().teams()).containsOnlyKeys("infrastructure", "database", "ml");
        assertThat(config.templates().template("outage_detected").orElseThrow().fields())
                .containsExactlyInAnyOrder("timestamp", "component", "impact", "eta", "actions");
        assertThat(config.templates().template("recovery_completed").orElseThrow().fields())
                .containsExactlyInAnyOrder("timestamp", "component", "duration", "status", "next_steps");
        assertThat(config.thresholds().timeToDetect().limitFor(Severity.HIGH)).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.thresholds().timeToRespond().limitFor(Severity.LOW)).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.thresholds().timeToRecover().limitFor(Severity.CRITICAL)).isEqualTo(Duration.ofHours(1));
        assertThat(config.thresholds().timeToRecover().limitFor(Severity.HIGH)).isEqualTo(Duration.ofHours(4));
        assertThat(config.thresholds().timeToRecover().limitFor(Severity.MEDIUM)).isEqualTo(Duration.ofHours(12));
        assertThat(config.thresholds().dataLoss().limitFor(Severity.CRITICAL)).isZero();
        assertThat(config.objectives().forComponent("database").orElseThrow())
                .isEqualTo(new RecoveryObjectives.Objective("database", "Databases", Duration.ofHours(1),
                        Duration.ofMinutes(1), RecoveryObjectives.RpoKind.BOUNDED));
        assertThat(config.objectives().forComponent("api").orElseThrow().rto()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.objectives().forComponent("ml-models").orElseThrow().rpo()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.objectives().forComponent("cache").orElseThrow().rpoKind())
                .isEqualTo(RecoveryObjectives.RpoKind.BEST_EFFORT);
        assertThat(config.objectives().forComponent("model-training").orElseThrow().rto())
                .isEqualTo(Duration.ofHours(4));
    }

    @Test
    void environmentVariableOverridesOneValue() {
        // Given
        Map<String, String> env = Map.of(
                "DR_BACKUP_CONFIG__SCHEDULE__DATABASE__FULL__RETENTION", "45d",
                "DR_RECOVERY_TESTING__SCHEDULE__MODEL_RECOVERY__FREQUENCY", "daily");

        // When
        SeedConfig config = SeedConfig.load(null, env);

        // Then
        assertThat(config.backup().databaseFull().retention()).isEqualTo(Duration.ofDays(45));
        assertThat(config.backup().databaseIncremental().retention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.drills().drills().get("model_recovery").frequency()).isEqualTo("daily");
        assertThat(SeedFile.overrideName("backup-config.yaml", "schedule.database.full.retention"))
                .isEqualTo("DR_BACKUP_CONFIG__SCHEDULE__DATABASE__FULL__RETENTION");
    }

    @Test
    void operatorCopyInTheConfigDirectoryReplacesTheDefault() throws IOException {
        // Given
        Files.writeString(configDir.resolve("contacts.yaml"), """
                teams:
                  database:
                    primary: "dba@example.org"
                    secondary: "dba2@example.org"
                    phone: "+4930123456"
                """);

        // When
        SeedConfig config = SeedConfig.load(configDir, Map.of());

        // Then
        assertThat(config.contacts().teams()).containsOnlyKeys("database");
        assertThat(config.contacts().team("database").orElseThrow().primary()).isEqualTo("dba@example.org");
    }

    @Test
    void invalidCronNamesFileKeyAndProblem() {
        assertThatThrownBy(() -> SeedConfig.load(null,
                Map.of("DR_BACKUP_CONFIG__SCHEDULE__MODELS__FREQUENCY", "every 12 hours")))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("backup-config.yaml: schedule.models.frequency: 'every 12 hours' is not a "
                        + "five-field cron expression");
    }

    @Test
    void invalidRetentionNamesFileKeyAndProblem() {
        assertThatThrownBy(() -> SeedConfig.load(null,
                Map.of("DR_BACKUP_CONFIG__SCHEDULE__DATABASE__INCREMENTAL__RETENTION", "7 days")))
                .isInstanceOf(ConfigFileException.class)
                .hasMessage("backup-config.yaml: schedule.database.incremental.retention: '7 days' is not a "
                        + "duration like 30d, 6h, 15m, 45s or 0");
    }

    @Test
    void missingKeyInAnOperatorCopyIsNamed() throws IOException {
        // Given
        Files.writeString(configDir.resolve("backup-config.yaml"), """
                schedule:
                  database:
                    full:
                      frequency: "0 0 * * *"
                """);

        // When / Then
        assertThatThrownBy(() -> SeedConfig.load(configDir, Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessage("backup-config.yaml: schedule.database.full.retention: is missing");
    }

    @Test
    void badEmailAndPhoneAreNamed() {
        assertThatThrownBy(() -> SeedConfig.load(null, Map.of("DR_CONTACTS__TEAMS__ML__SECONDARY", "ml-backup")))
                .hasMessage("contacts.yaml: teams.ml.secondary: 'ml-backup' is not an email address");
        assertThatThrownBy(() -> SeedConfig.load(null, Map.of("DR_CONTACTS__TEAMS__ML__PHONE", "555-1234")))
                .hasMessageStartingWith("contacts.yaml: teams.ml.phone: '555-1234' is not a phone number");
    }

    @Test
    void unknownDrillFrequencyIsNamed() {
        assertThatThrownBy(() -> SeedConfig.load(null,
                Map.of("DR_RECOVERY_TESTING__SCHEDULE__REGION_FAILOVER__FREQUENCY", "fortnightly")))
                .hasMessageStartingWith("recovery-testing.yaml: schedule.region_failover.frequency: 'fortnightly' is "
                        + "not one of");
    }

    @Test
    void brokenYamlNamesTheFile() throws IOException {
        // Given
        Files.writeString(configDir.resolve("recovery-metrics.yaml"), "recovery_metrics: [unclosed\n");

        // When / Then
        assertThatThrownBy(() -> SeedConfig.load(configDir, Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("recovery-metrics.yaml: (document): is not valid YAML");
    }

    @Test
    void templateRendersEveryFieldOfTheGuide() {
        // Given
        NotificationTemplates.Template template =
                SeedConfig.load(null, Map.of()).templates().template("outage_detected").orElseThrow();

        // When
        String text = template.render(Map.of("timestamp", "2026-11-25T10:00:00Z", "component", "database",
                "impact", "writes fail", "eta", "10:15", "actions", "failover to standby"));

        // Then
        assertThat(text).contains("ALERT: System outage detected", "Time: 2026-11-25T10:00:00Z",
                "Component: database", "Impact: writes fail", "Recovery ETA: 10:15", "Actions: failover to standby");
    }
}
