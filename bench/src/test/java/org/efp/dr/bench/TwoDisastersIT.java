package org.efp.dr.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.efp.dr.testkit.Infrastructure;
import org.junit.jupiter.api.Test;

/**
 * The platform survives the second failure: after a primary is lost (and backup-service crashes while its WAL
 * archive re-attaches), promoted and its old node rejoined by the platform itself, losing the new primary too is recovered the same way, and backups and drills work afterwards: a
 * FULL backup of the third timeline, and a point-in-time drill that replays a base backup of the first timeline
 * through both switches.
 */
class TwoDisastersIT {

    @Test
    void twoPrimaryLossesInARowLeaveAWritableArchivedProtectedDatabaseWithNoAcknowledgedCommitLost() throws Exception {
        Path work = Path.of("target", "two-disasters").toAbsolutePath();
        Bench.delete(work);
        try (Infrastructure infra = Infrastructure.start(Infrastructure.Layout.ephemeral(work.resolve("infra")),
                "it", "it-secret-" + System.nanoTime());
                SecondDisaster platform = new SecondDisaster(infra, work)) {
            // Given
            platform.startWriting();
            platform.awaitArchiveStreaming();
            JsonNode base = platform.backup("BASE");
            assertThat(base.at("/backup/status").asText()).isEqualTo("COMPLETED");
            platform.synchronousReplication();
            // backup-service crashes while its WAL archive re-attaches to the first promoted primary
            SecondDisaster.Disaster first = platform.killPrimary(true);
            platform.restartAndAwaitRejoin(first.killed());
            platform.synchronousReplication();

            // When
            SecondDisaster.Disaster second = platform.killPrimary();

            // Then
            assertThat(second.promoted()).contains(first.killed().substring(first.killed().indexOf(':') + 1));
            assertThat(second.newTimeline()).isGreaterThan(first.newTimeline());
            assertThat(first.writable()).isLessThan(SecondDisaster.PROMOTION_TIMEOUT.toSeconds());
            assertThat(second.writable()).isLessThan(SecondDisaster.PROMOTION_TIMEOUT.toSeconds());
            JsonNode full = platform.backup("FULL");
            assertThat(full.at("/backup/status").asText()).isEqualTo("COMPLETED");
            JsonNode drill = platform.physicalDrill();
            assertThat(drill.path("success").asBoolean()).as("drill %s", drill).isTrue();
            assertThat(drill.path("restoredFrom").asText()).isEqualTo(base.at("/backup/backupId").asText());
            // The base backup is from timeline 1; the drill replayed the archive across both switches to commits
            // made on the third timeline, after the second kill (its RPO is counted in whole seconds).
            Instant replayedPast = Instant.parse(drill.path("startedAt").asText())
                    .minusSeconds(drill.path("measuredRpoSeconds").asLong() + 1);
            assertThat(replayedPast).isAfter(second.killedAt());
            platform.restartAndAwaitRejoin(second.killed());
            assertThat(platform.topology().path("streamingStandbys").asLong()).isEqualTo(1);
            // A third failure, of the node the platform rejoined after the first: promoted and rejoined once more,
            // not left out for having been rejoined minutes ago.
            platform.synchronousReplication();
            SecondDisaster.Disaster third = platform.killPrimary();
            assertThat(third.killed()).isEqualTo(first.killed());
            platform.restartAndAwaitRejoin(third.killed());
            assertThat(platform.topology().path("streamingStandbys").asLong()).isEqualTo(1);
            assertThat(platform.stopWritingAndCountLost()).isZero();
            assertThat(platform.acknowledged()).isGreaterThan(100);
        }
    }
}
