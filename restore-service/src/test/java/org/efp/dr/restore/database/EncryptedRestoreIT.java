package org.efp.dr.restore.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.efp.dr.common.backupformat.ManifestRefusedException;
import org.efp.dr.common.crypto.EncryptionKeys;
import org.efp.dr.common.crypto.ObjectCipher;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.restore.fixture.BackupFixture;
import org.efp.dr.restore.fixture.RecoveryEvents;
import org.efp.dr.restore.fixture.SourceDatabase;
import org.efp.dr.restore.storage.BackupStore;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.PostgresServer;
import org.junit.jupiter.api.Test;

/**
 * Backups encrypted by backup-service are restored with the keys restore-service holds, and refused without; a
 * swapped backup (manifest edited with its checksum, plaintext downgrade, replayed object) is refused and the next
 * good one restored.
 */
@QuarkusTest
@WithTestResource(DrTestResources.class)
@TestProfile(EncryptedRestoreIT.WithKeys.class)
class EncryptedRestoreIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Keys made for this run: restore-service holds the current one and a retired one, never "lost". */
    private static final String CURRENT = "k-current:" + randomKey();
    private static final String RETIRED = "k-retired:" + randomKey();
    private static final String LOST = "k-lost:" + randomKey();

    private final BackupFixture backups = BackupFixture.create();
    @Inject
    BackupStore store;
    private final PostgresServer primary = backups.primary();

    /** restore-service configured with two keys, as after a rotation. */
    public static class WithKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(EncryptionKeys.KEYS_PROPERTY, CURRENT + "," + RETIRED);
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static ObjectCipher cipher(String key) {
        return new ObjectCipher(EncryptionKeys.parse(key, key.substring(0, key.indexOf(':'))));
    }

    @Test
    void backupEncryptedWithARetiredKeyIsRestoredWithIdenticalContents() {
        // Given
        String database = SourceDatabase.uniqueName("ef_enc");
        SourceDatabase.create(primary, database, 2_000);
        Map<String, String> original = SourceDatabase.fingerprint(primary, database);
        BackupFixture.Backup backup = backups.encryptedFullBackup(database, "energy_forecast", cipher(RETIRED));
        String restored = database + "_r";
        String recovery = "rec-" + UUID.randomUUID();

        // When
        RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.RESTORE_DATABASE,
                "energy_forecast", backup.backupId(), null, Map.of("targetDatabase", restored));

        // Then
        RecoveryCompleted completed = RecoveryEvents.awaitCompleted(recovery, TIMEOUT);
        assertThat(completed.status()).as(completed.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(completed.restoredFrom()).isEqualTo(backup.backupId());
        assertThat(SourceDatabase.fingerprint(primary, restored)).isEqualTo(original);
    }

    @Test
    void backupEncryptedWithAKeyNotHeldIsRefusedAndTheOlderOneRestored() {
        // Given
        String database = SourceDatabase.uniqueName("ef_nokey");
        SourceDatabase.create(primary, database, 500);
        Map<String, String> older = SourceDatabase.fingerprint(primary, database);
        BackupFixture.Backup readable = backups.encryptedFullBackup(database, "energy_forecast", cipher(CURRENT));
        SourceDatabase.addForecasts(primary, database, 100);
        BackupFixture.Backup unreadable = backups.encryptedFullBackup(database, "energy_forecast", cipher(LOST));
        String restored = database + "_r";

        // When
        RecoveryCompleted completed = restoreLatest(restored);

        // Then
        assertThat(completed.status()).as(completed.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(completed.restoredFrom()).isEqualTo(readable.backupId());
        assertThat(SourceDatabase.fingerprint(primary, restored)).isEqualTo(older);
        assertThat(verifyStep(completed)).contains("refused " + unreadable.backupId() + " (KEY_UNAVAILABLE)");
    }

    @Test
    void backupWhoseManifestWasEditedTogetherWithItsChecksumIsRefusedOnItsSignature() throws IOException {
        // Given
        String database = SourceDatabase.uniqueName("ef_forged");
        SourceDatabase.create(primary, database, 500);
        Map<String, String> older = SourceDatabase.fingerprint(primary, database);
        BackupFixture.Backup good = backups.encryptedFullBackup(database, "energy_forecast", cipher(CURRENT));
        SourceDatabase.addForecasts(primary, database, 100);
        BackupFixture.Backup forged = backups.encryptedFullBackup(database, "energy_forecast", cipher(CURRENT));
        backups.tamperKeepingChecksum(forged);
        String restored = database + "_r";

        // When
        RecoveryCompleted completed = restoreLatest(restored);

        // Then
        assertThat(completed.status()).as(completed.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(completed.restoredFrom()).isEqualTo(good.backupId());
        assertThat(SourceDatabase.fingerprint(primary, restored)).isEqualTo(older);
        assertThatThrownBy(() -> store.check(forged.prefix())).isInstanceOf(ManifestRefusedException.class)
                .satisfies(e -> assertThat(((ManifestRefusedException) e).reason())
                        .isEqualTo(ManifestRefusedException.Reason.MANIFEST_SIGNATURE_INVALID))
                .hasMessageContaining("does not match its signature");
    }

    @Test
    void plaintextBackupWhereEncryptionIsExpectedIsRefusedAndTheOlderOneRestored() {
        // Given: a newer backup whose dump is plaintext although this service holds keys (a downgrade)
        String database = SourceDatabase.uniqueName("ef_plain");
        SourceDatabase.create(primary, database, 500);
        Map<String, String> older = SourceDatabase.fingerprint(primary, database);
        BackupFixture.Backup good = backups.encryptedFullBackup(database, "energy_forecast", cipher(CURRENT));
        SourceDatabase.addForecasts(primary, database, 100);
        BackupFixture.Backup downgraded = backups.fullBackup(database, "energy_forecast");
        String restored = database + "_r";

        // When
        RecoveryCompleted completed = restoreLatest(restored);

        // Then
        assertThat(completed.status()).as(completed.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(completed.restoredFrom()).isEqualTo(good.backupId());
        assertThat(SourceDatabase.fingerprint(primary, restored)).isEqualTo(older);
        assertThat(verifyStep(completed)).contains("refused " + downgraded.backupId() + " (PLAINTEXT_REFUSED)");
    }

    @Test
    void oldObjectReplayedUnderANewerBackupIdIsRefusedAndTheNextGoodBackupRestored() throws IOException {
        // Given: an old encrypted dump copied into a newer backup whose manifest checks out
        String database = SourceDatabase.uniqueName("ef_replay");
        SourceDatabase.create(primary, database, 300);
        BackupFixture.Backup old = backups.encryptedFullBackup(database, "energy_forecast", cipher(CURRENT));
        SourceDatabase.addForecasts(primary, database, 100);
        Map<String, String> current = SourceDatabase.fingerprint(primary, database);
        BackupFixture.Backup good = backups.encryptedFullBackup(database, "energy_forecast", cipher(CURRENT));
        BackupFixture.Backup replayed = backups.replay(old, "energy_forecast");
        String restored = database + "_r";

        // When
        RecoveryCompleted completed = restoreLatest(restored);

        // Then
        assertThat(completed.status()).as(completed.error()).isEqualTo(RecoveryStatus.SUCCEEDED);
        assertThat(completed.restoredFrom()).isEqualTo(good.backupId());
        assertThat(SourceDatabase.fingerprint(primary, restored)).isEqualTo(current);
        assertThat(verifyStep(completed)).contains("refused " + replayed.backupId() + " (OBJECT_MISBOUND)");
    }

    private static RecoveryCompleted restoreLatest(String targetDatabase) {
        String recovery = "rec-" + UUID.randomUUID();
        RecoveryEvents.request("inc-" + UUID.randomUUID(), recovery, RecoveryAction.RESTORE_DATABASE,
                "energy_forecast", null, null, Map.of("targetDatabase", targetDatabase));
        return RecoveryEvents.awaitCompleted(recovery, TIMEOUT);
    }

    private static String verifyStep(RecoveryCompleted completed) {
        return RecoveryEvents.forIncident(completed.incidentId()).stream()
                .filter(RecoveryStepCompleted.class::isInstance).map(e -> (RecoveryStepCompleted) e)
                .filter(s -> s.step().equals("download and verify checksums")).findFirst().orElseThrow().detail();
    }
}
