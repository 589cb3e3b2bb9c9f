package org.efp.dr.drctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.efp.dr.common.config.RecoveryObjectives;
import org.efp.dr.common.config.SeedConfig;
import org.junit.jupiter.api.Test;

class StatusBackupsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T06:00:00Z");
    private static final RecoveryObjectives GUIDE = SeedConfig.load(null, Map.of()).objectives();

    @Test
    void theNewestCompletedBackupOfEachTargetIsMeasuredAgainstItsRpo() throws Exception {
        JsonNode completed = Api.JSON.readTree("""
                [{"backupId":"b-new","target":"models","kind":"MODELS","completedAt":"2026-12-01T05:58:00Z"},
                 {"backupId":"b-old","target":"models","kind":"MODELS","completedAt":"2026-12-01T04:00:00Z"},
                 {"backupId":"b-db","target":"energy_forecast","kind":"FULL","completedAt":"2026-12-01T00:00:00Z"}]
                """);
        JsonNode notStreaming = Api.JSON.readTree("{\"streaming\":false,\"lagSeconds\":0}");

        JsonNode rows = StatusCommand.newestBackups(completed, notStreaming, Map.of(), GUIDE, NOW);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).path("backupId").asText()).isEqualTo("b-new");
        assertThat(rows.get(0).path("rpoSeconds").asLong()).isEqualTo(300); // ml-models: 5m
        assertThat(rows.get(0).path("withinRpo").asBoolean()).isTrue();
        assertThat(rows.get(1).path("ageSeconds").asLong()).isEqualTo(6 * 3600);
        assertThat(rows.get(1).path("withinRpo").asBoolean()).isFalse();
    }

    @Test
    void aDatabaseWhoseWalArchiveStreamsHasTheArchiveAsItsRecoveryPoint() throws Exception {
        JsonNode completed = Api.JSON.readTree("""
                [{"backupId":"b-db","target":"energy_forecast","kind":"BASE","completedAt":"2026-12-01T00:00:00Z"}]
                """);
        JsonNode streaming = Api.JSON.readTree("{\"streaming\":true,\"lagSeconds\":2.4}");

        JsonNode row = StatusCommand.newestBackups(completed, streaming, Map.of(), GUIDE, NOW).get(0);

        assertThat(row.path("recoveryPointFrom").asText()).isEqualTo("wal-archive");
        assertThat(row.path("recoveryPointAgeSeconds").asLong()).isEqualTo(3);
        assertThat(row.path("withinRpo").asBoolean()).isTrue();
    }

    @Test
    void modelsUnchangedSinceTheirBackupAreWithinTheRpoHoweverOldTheBackup() throws Exception {
        JsonNode completed = Api.JSON.readTree("""
                [{"backupId":"b-models","target":"models","kind":"MODELS","completedAt":"2026-12-01T04:00:00Z"}]
                """);
        JsonNode watching = Api.JSON.readTree("""
                {"watching":true,"everySeconds":30,"lastLookAt":"2026-12-01T05:59:40Z","files":"UNCHANGED",
                 "coveredUntil":"2026-12-01T05:59:40Z"}""");

        JsonNode row = StatusCommand.newestBackups(completed, null, Map.of("models", watching), GUIDE, NOW).get(0);

        assertThat(row.path("recoveryPointFrom").asText()).isEqualTo("change-watch");
        assertThat(row.path("recoveryPointAgeSeconds").asLong()).isEqualTo(20);
        assertThat(row.path("withinRpo").asBoolean()).isTrue();
    }

    @Test
    void modelsChangedAndInNoCompletedBackupCountFromTheChange() throws Exception {
        JsonNode completed = Api.JSON.readTree("""
                [{"backupId":"b-models","target":"models","kind":"MODELS","completedAt":"2026-12-01T04:00:00Z"}]
                """);
        JsonNode changed = Api.JSON.readTree("""
                {"watching":true,"everySeconds":30,"lastLookAt":"2026-12-01T05:59:50Z","files":"UNCHANGED",
                 "coveredUntil":"2026-12-01T05:50:00Z","changeBackupStatus":"FAILED"}""");

        JsonNode row = StatusCommand.newestBackups(completed, null, Map.of("models", changed), GUIDE, NOW).get(0);

        assertThat(row.path("recoveryPointAgeSeconds").asLong()).isEqualTo(600);
        assertThat(row.path("withinRpo").asBoolean()).isFalse();
    }

    @Test
    void aWatchThatStoppedLookingOrSawTheModelLostLeavesTheBackupsAge() throws Exception {
        JsonNode completed = Api.JSON.readTree("""
                [{"backupId":"b-models","target":"models","kind":"MODELS","completedAt":"2026-12-01T05:00:00Z"}]
                """);
        JsonNode stale = Api.JSON.readTree("""
                {"watching":true,"everySeconds":30,"lastLookAt":"2026-12-01T05:58:00Z","files":"UNCHANGED",
                 "coveredUntil":"2026-12-01T05:58:00Z"}""");
        JsonNode lost = Api.JSON.readTree("""
                {"watching":true,"everySeconds":30,"lastLookAt":"2026-12-01T05:59:55Z","files":"LOST"}""");
        JsonNode off = Api.JSON.readTree("{\"watching\":false,\"files\":\"NOT_LOOKED_AT\"}");

        for (JsonNode watch : new JsonNode[] { stale, lost, off }) {
            JsonNode row = StatusCommand.newestBackups(completed, null, Map.of("models", watch), GUIDE, NOW).get(0);
            assertThat(row.path("recoveryPointFrom").asText()).as(watch.toString()).isEqualTo("backup");
            assertThat(row.path("recoveryPointAgeSeconds").asLong()).isEqualTo(3600);
            assertThat(row.path("withinRpo").asBoolean()).isFalse();
        }
    }

    @Test
    void configsAreJudgedByTheirOwnWatchAgainstTheApisMinuteNotByTheModelsWatch() throws Exception {
        // Given: a day-old configs backup (the guide's daily schedule) and models backed up an hour ago
        JsonNode completed = Api.JSON.readTree("""
                [{"backupId":"b-configs","target":"configs","kind":"CONFIGS","completedAt":"2026-12-01T00:00:00Z"},
                 {"backupId":"b-models","target":"models","kind":"MODELS","completedAt":"2026-12-01T05:00:00Z"}]
                """);
        JsonNode configsUnchanged = Api.JSON.readTree("""
                {"watching":true,"everySeconds":15,"lastLookAt":"2026-12-01T05:59:50Z","files":"UNCHANGED",
                 "coveredUntil":"2026-12-01T05:59:50Z"}""");
        JsonNode modelsUnchanged = Api.JSON.readTree("""
                {"watching":true,"everySeconds":30,"lastLookAt":"2026-12-01T05:59:45Z","files":"UNCHANGED",
                 "coveredUntil":"2026-12-01T05:59:45Z"}""");

        // When
        JsonNode watched = StatusCommand.newestBackups(completed, null,
                Map.of("configs", configsUnchanged, "models", modelsUnchanged), GUIDE, NOW);
        JsonNode onlyModelsWatched = StatusCommand.newestBackups(completed, null, Map.of("models", modelsUnchanged),
                GUIDE, NOW);

        // Then: configs answer to the API's 1 min RPO; unchanged since their backup, they lose nothing
        JsonNode configs = watched.get(0);
        assertThat(configs.path("target").asText()).isEqualTo("configs");
        assertThat(configs.path("rpoSeconds").asLong()).isEqualTo(60);
        assertThat(configs.path("recoveryPointFrom").asText()).isEqualTo("change-watch");
        assertThat(configs.path("recoveryPointAgeSeconds").asLong()).isEqualTo(10);
        assertThat(configs.path("withinRpo").asBoolean()).isTrue();
        assertThat(watched.get(1).path("recoveryPointAgeSeconds").asLong()).isEqualTo(15);
        // without a configs watch the day-old backup is all there is, whatever the models' watch says
        assertThat(onlyModelsWatched.get(0).path("recoveryPointFrom").asText()).isEqualTo("backup");
        assertThat(onlyModelsWatched.get(0).path("withinRpo").asBoolean()).isFalse();
    }
}
