package org.efp.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.efp.dr.backup.BackupTestSupport.awaitFinished;
import static org.efp.dr.backup.BackupTestSupport.read;
import static org.efp.dr.backup.BackupTestSupport.s3;
import static org.efp.dr.backup.BackupTestSupport.sha256;
import static org.efp.dr.backup.BackupTestSupport.trigger;
import static org.efp.dr.backup.BackupTestSupport.unzstd;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.efp.dr.backup.wal.WalSegments;
import org.efp.dr.common.backupformat.BackupKeys;
import org.efp.dr.common.crypto.EncryptionKeys;
import org.efp.dr.common.crypto.ObjectCipher;
import org.efp.dr.common.postgres.PgBinaries;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.TestInfrastructure;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@QuarkusTest
@TestProfile(EncryptedBackupProfile.class)
@WithTestResource(DrTestResources.class)
class EncryptedBackupIT {

    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD};

    private final Infrastructure infra = TestInfrastructure.shared();
    private final ObjectCipher cipher = new ObjectCipher(EncryptionKeys.parse(EncryptedBackupProfile.keys(),
            EncryptedBackupProfile.ACTIVE_KEY_ID));

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length
                && java.util.Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Test
    void encryptedFullBackupHidesTheDumpVerifiesAndRestoresWithTheKey() throws Exception {
        // When
        JsonPath view = awaitFinished(trigger("energy_forecast", "FULL"));

        // Then
        assertThat(view.getString("backup.status")).isEqualTo("COMPLETED");
        assertThat(view.getString("manifest.encryption.keyId")).isEqualTo(EncryptedBackupProfile.ACTIVE_KEY_ID);
        assertThat(view.getString("manifest.encryption.algorithm")).isEqualTo(ObjectCipher.ALGORITHM);
        byte[] stored;
        String key = view.getString("manifest.objects[0].key");
        try (S3Client s3 = s3()) {
            stored = read(s3, key);
        }
        assertThat(ObjectCipher.isEncrypted(stored)).isTrue();
        assertThat(startsWith(stored, ZSTD_MAGIC)).isFalse();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("forecasts", "model_registry",
                "PGDMP");
        assertThat(sha256(stored)).isEqualTo(view.getString("manifest.objects[0].sha256"));
        Callers.operator().when().post("/backups/" + view.getString("backup.backupId") + "/verify").then()
                .statusCode(200)
                .body("valid", org.hamcrest.Matchers.is(true))
                .body("objectsDecrypted", org.hamcrest.Matchers.is(1));
        Path dump = Files.createDirectories(Path.of("target/encrypted-it")).resolve("dump.pgc");
        Files.write(dump, unzstd(cipher.decrypt(stored, BackupKeys.bindingOf(key), true)));
        assertThat(pgRestoreList(dump)).contains("TABLE DATA public forecasts", "TABLE DATA public model_registry");
    }

    @Test
    void baseBackupAndTheIncrementalOnItAreEncrypted() throws Exception {
        // Given
        JsonPath base = awaitFinished(trigger("energy_forecast", "BASE"));
        infra.primary().execute(Infrastructure.ENERGY_FORECAST, "CREATE TABLE IF NOT EXISTS encrypted_wal_probe AS "
                + "SELECT g FROM generate_series(1, 5000) g");
        switchWal();

        // When
        JsonPath incremental = awaitFinished(trigger("energy_forecast", "INCREMENTAL"));

        // Then
        assertThat(base.getString("manifest.encryption.keyId")).isEqualTo(EncryptedBackupProfile.ACTIVE_KEY_ID);
        List<String> entries = new ArrayList<>();
        String baseKey = base.getString("manifest.objects[0].key");
        try (S3Client s3 = s3(); TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(
                unzstd(cipher.decrypt(read(s3, baseKey), BackupKeys.bindingOf(baseKey), true))))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                entries.add(e.getName());
            }
        }
        assertThat(entries).contains("backup_label", "PG_VERSION");
        assertThat(incremental.getString("backup.status")).isEqualTo("COMPLETED");
        assertThat(incremental.getString("manifest.encryption.keyId")).isEqualTo(EncryptedBackupProfile.ACTIVE_KEY_ID);
        int segments = incremental.getList("manifest.objects").size();
        Callers.operator().when().post("/backups/" + incremental.getString("backup.backupId") + "/verify").then()
                .statusCode(200).body("valid", org.hamcrest.Matchers.is(true))
                .body("objectsDecrypted", org.hamcrest.Matchers.is(segments));
    }

    @Test
    void walSegmentArchivedWithTheKeyIsEncrypted() throws Exception {
        // Given
        String segment = switchWal();
        String key = "wal/energy_forecast/" + segment + ".zst";

        // When
        byte[] stored;
        try (S3Client s3 = s3()) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> read(s3, key).length > 0);
            stored = read(s3, key);
        }

        // Then
        assertThat(ObjectCipher.keyIdOf(stored)).contains(EncryptedBackupProfile.ACTIVE_KEY_ID);
        assertThat(startsWith(stored, ZSTD_MAGIC)).isFalse();
        assertThat(unzstd(cipher.decrypt(stored, BackupKeys.bindingOf(key), true)))
                .hasSize((int) WalSegments.SEGMENT_SIZE);
    }

    @Test
    void oneFlippedByteOfAnEncryptedObjectFailsVerification() throws Exception {
        // Given
        Path models = Files.createDirectories(Path.of("target/test-artifacts/models/encrypted-probe"));
        Files.createDirectories(Path.of("target/test-artifacts/metadata"));
        Files.writeString(models.resolve("weights.bin"), "weights ".repeat(10_000));
        JsonPath view = awaitFinished(trigger("models", "MODELS"));
        String key = view.getString("manifest.objects[0].key");
        try (S3Client s3 = s3()) {
            byte[] bytes = read(s3, key);
            assertThat(ObjectCipher.isEncrypted(bytes)).isTrue();
            bytes[bytes.length / 2] ^= 0x01;
            s3.putObject(b -> b.bucket(BackupTestSupport.BUCKET).key(key), RequestBody.fromBytes(bytes));
        }

        // When
        JsonPath verdict = Callers.operator().when().post("/backups/" + view.getString("backup.backupId") + "/verify")
                .then().statusCode(200).extract().jsonPath();

        // Then
        assertThat(verdict.getBoolean("valid")).isFalse();
        assertThat(verdict.getList("problems", String.class)).anySatisfy(p -> assertThat(p).contains("SHA-256"))
                .anySatisfy(p -> assertThat(p).contains(key).contains("tampered or corrupt"));
    }

    /** Writes a little and switches to the next WAL segment; returns the segment switched away from. */
    private String switchWal() throws Exception {
        try (Connection c = infra.primary().connect(Infrastructure.ENERGY_FORECAST); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS encrypted_wal_marker (v text)");
            s.execute("INSERT INTO encrypted_wal_marker VALUES ('marker')");
            try (ResultSet rs = s.executeQuery("SELECT pg_walfile_name(pg_switch_wal())")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static String pgRestoreList(Path dump) throws Exception {
        String program = PgBinaries.newestWith("pg_restore").map(bin -> bin.resolve("pg_restore").toString())
                .orElse("pg_restore");
        Process p = new ProcessBuilder(program, "-l", dump.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
