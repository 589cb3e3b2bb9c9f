package org.efp.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.efp.dr.backup.BackupTestSupport.awaitFinished;
import static org.efp.dr.backup.BackupTestSupport.read;
import static org.efp.dr.backup.BackupTestSupport.s3;
import static org.efp.dr.backup.BackupTestSupport.sha256;
import static org.efp.dr.backup.BackupTestSupport.trigger;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.efp.dr.common.backupformat.BackupKeys;
import org.efp.dr.common.events.EventCodec;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.efp.dr.testkit.Infrastructure;
import org.efp.dr.testkit.TestInfrastructure;
import org.efp.dr.testkit.TestSigningKeys;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Manifests are signed beside themselves; a manifest rewritten to hide a swapped object fails verification with
 * the signature as the reason, before any object is read, a catalog rebuild leaves it out and reports it, and an
 * incremental backup does not build on it.
 */
@QuarkusTest
@WithTestResource(DrTestResources.class)
class SignedManifestIT {

    private final Infrastructure infra = TestInfrastructure.shared();

    @Test
    void everyManifestIsSignedAndVerifies() throws Exception {
        // Given
        JsonPath view = awaitFinished(trigger("timeseries", "FULL"));
        String prefix = view.getString("backup.prefix");

        // When
        JsonPath verdict = Callers.operator().when().post("/backups/" + view.getString("backup.backupId")
                + "/verify").then().statusCode(200).extract().jsonPath();

        // Then
        Map<?, ?> signature;
        try (S3Client s3 = s3()) {
            signature = EventCodec.mapper().readValue(read(s3, BackupKeys.signatureKey(prefix)), Map.class);
        }
        assertThat(signature.get("keyId")).isEqualTo(TestSigningKeys.KEY_ID);
        assertThat(signature.get("algorithm")).isEqualTo("HMAC-SHA256");
        assertThat(verdict.getBoolean("valid")).isTrue();
        assertThat(verdict.getString("manifestSignature")).isEqualTo("VALID");
        assertThat(view.getString("manifestSignature")).isEqualTo("VALID");
    }

    @Test
    void backupViewShowsNoManifestOnceItsSignatureFails() throws Exception {
        // Given
        JsonPath completed = awaitFinished(trigger("timeseries", "FULL"));
        String id = completed.getString("backup.backupId");
        swapObjectKeepingChecksum(completed.getString("backup.prefix"),
                completed.getString("manifest.objects[0].key"));

        // When
        JsonPath view = Callers.viewer().when().get("/backups/" + id).then().statusCode(200).extract().jsonPath();

        // Then
        assertThat(view.getString("backup.status")).isEqualTo("COMPLETED");
        assertThat(view.getString("manifestSignature")).isEqualTo("MANIFEST_SIGNATURE_INVALID");
        assertThat(view.getMap("manifest")).isNull();
    }

    @Test
    void manifestEditedTogetherWithItsChecksumFailsVerificationOnItsSignature() throws Exception {
        // Given: an object swapped and the manifest's checksum rewritten to match, signature left as it was
        JsonPath view = awaitFinished(trigger("timeseries", "FULL"));
        String id = view.getString("backup.backupId");
        swapObjectKeepingChecksum(view.getString("backup.prefix"), view.getString("manifest.objects[0].key"));

        // When
        JsonPath verdict = Callers.operator().when().post("/backups/" + id + "/verify").then().statusCode(200)
                .extract().jsonPath();

        // Then
        assertThat(verdict.getBoolean("valid")).isFalse();
        assertThat(verdict.getString("manifestSignature")).isEqualTo("MANIFEST_SIGNATURE_INVALID");
        assertThat(verdict.getInt("objectsChecked")).isZero();
        assertThat(verdict.getList("problems", String.class))
                .anySatisfy(p -> assertThat(p).startsWith("MANIFEST_SIGNATURE_INVALID")
                        .contains("does not match its signature"));
    }

    @Test
    void catalogRebuildSkipsAndReportsABadlySignedManifest() throws Exception {
        // Given: the catalog row is lost and the manifest was rewritten meanwhile
        JsonPath view = awaitFinished(trigger("timeseries", "FULL"));
        String id = view.getString("backup.backupId");
        String prefix = view.getString("backup.prefix");
        swapObjectKeepingChecksum(prefix, view.getString("manifest.objects[0].key"));
        infra.stateDb().execute(Infrastructure.STATE_DATABASE, "DELETE FROM backup.backup WHERE backup_id = '"
                + id + "'");

        // When
        JsonPath rebuilt = Callers.operator().when().post("/backups/catalog/rebuild").then().statusCode(200)
                .extract().jsonPath();

        // Then
        List<Map<String, String>> skipped = rebuilt.getList("skipped");
        assertThat(skipped).anySatisfy(s -> {
            assertThat(s.get("key")).isEqualTo(BackupKeys.manifestKey(prefix));
            assertThat(s.get("reason")).isEqualTo("MANIFEST_SIGNATURE_INVALID");
        });
        Callers.viewer().when().get("/backups/" + id).then().statusCode(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void incrementalRefusesToBuildOnABaseManifestWhoseWalRangeWasForged() throws Exception {
        // Given: the newest base backup's manifest claims its WAL ends later than it does (so WAL would be skipped)
        JsonPath base = awaitFinished(trigger("energy_forecast", "BASE"));
        String key = BackupKeys.manifestKey(base.getString("backup.prefix"));
        byte[] original;
        try (S3Client s3 = s3()) {
            original = read(s3, key);
            Map<String, Object> manifest = EventCodec.mapper().readValue(original, Map.class);
            Map<String, Object> wal = (Map<String, Object>) manifest.get("wal");
            wal.put("lastSegment", "0000000100000FFF000000FF");
            s3.putObject(b -> b.bucket(BackupTestSupport.BUCKET).key(key),
                    RequestBody.fromBytes(EventCodec.mapper().writeValueAsBytes(manifest)));
        }
        try {
            // When
            JsonPath incremental = awaitFinished(trigger("energy_forecast", "INCREMENTAL"));

            // Then
            assertThat(incremental.getString("backup.status")).isEqualTo("FAILED");
            assertThat(incremental.getString("backup.error")).contains(key).contains("does not match its signature");
        } finally {
            try (S3Client s3 = s3()) {
                s3.putObject(b -> b.bucket(BackupTestSupport.BUCKET).key(key), RequestBody.fromBytes(original));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void swapObjectKeepingChecksum(String prefix, String objectKey) throws Exception {
        byte[] other = "not the dump that was taken".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (S3Client s3 = s3()) {
            s3.putObject(b -> b.bucket(BackupTestSupport.BUCKET).key(objectKey), RequestBody.fromBytes(other));
            Map<String, Object> manifest = EventCodec.mapper().readValue(read(s3, BackupKeys.manifestKey(prefix)),
                    Map.class);
            for (Map<String, Object> object : (List<Map<String, Object>>) manifest.get("objects")) {
                if (objectKey.equals(object.get("key"))) {
                    object.put("sha256", sha256(other));
                    object.put("sizeBytes", other.length);
                }
            }
            s3.putObject(b -> b.bucket(BackupTestSupport.BUCKET).key(BackupKeys.manifestKey(prefix)),
                    RequestBody.fromBytes(EventCodec.mapper().writeValueAsBytes(manifest)));
        }
    }
}
