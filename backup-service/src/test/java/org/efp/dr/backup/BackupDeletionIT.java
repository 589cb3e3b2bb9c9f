package org.efp.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.efp.dr.backup.BackupTestSupport.awaitFinished;
import static org.efp.dr.backup.BackupTestSupport.s3;
import static org.efp.dr.backup.BackupTestSupport.trigger;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class BackupDeletionIT {

    @Test
    void anOperatorDeletesAnOlderBackupItsObjectsGoAndTheCatalogRecordsWho() {
        // Given: two completed full backups of a target
        String older = trigger("energy_forecast", "FULL");
        String olderPrefix = awaitFinished(older).getString("backup.prefix");
        awaitFinished(trigger("energy_forecast", "FULL"));

        // When
        Callers.operator().when().delete("/backups/" + older)
                .then().statusCode(200)
                .body("backupId", equalTo(older), "status", equalTo("DELETED"), "deletedBy",
                        equalTo(Callers.OPERATOR), "forced", equalTo(false));

        // Then: nothing of it is left in S3, the catalog shows it deleted, and a second delete finds nothing
        try (S3Client s3 = s3()) {
            List<String> left = s3.listObjectsV2Paginator(b -> b.bucket(BackupTestSupport.BUCKET)
                    .prefix(olderPrefix)).contents().stream().map(S3Object::key).toList();
            assertThat(left).isEmpty();
        }
        Callers.viewer().when().get("/backups/" + older).then().statusCode(200)
                .body("backup.status", equalTo("DELETED"));
        Callers.operator().when().delete("/backups/" + older).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString(older));
    }

    @Test
    void theNewestBackupOfATargetIsKeptUnlessForced() {
        // Given
        String newest = trigger("energy_forecast", "FULL");
        awaitFinished(newest);

        // When
        var refused = Callers.operator().when().delete("/backups/" + newest).then().extract();

        // Then: refused with a message an operator can act on, and the backup is still whole
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.jsonPath().getString("detail")).contains("newest completed", "force")
                .doesNotContain("Exception", "org.efp");
        Callers.operator().when().post("/backups/" + newest + "/verify").then().statusCode(200)
                .body("valid", equalTo(true));
    }

    @Test
    void theNewestBackupIsDeletedWhenForcedAndTheOverrideIsRecorded() {
        // Given
        String newest = trigger("energy_forecast", "FULL");
        String prefix = awaitFinished(newest).getString("backup.prefix");

        // When
        Callers.operator().queryParam("force", true).when().delete("/backups/" + newest)
                .then().statusCode(200).body("forced", equalTo(true), "deletedBy", equalTo(Callers.OPERATOR));

        // Then
        try (S3Client s3 = s3()) {
            assertThat(s3.listObjectsV2(b -> b.bucket(BackupTestSupport.BUCKET).prefix(prefix)).contents()).isEmpty();
        }
    }

    @Test
    void unknownBackupsAreNotFoundAndViewersMayNotDelete() {
        // When / Then
        Callers.operator().when().delete("/backups/no-such-backup").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no-such-backup"));
        Callers.viewer().when().delete("/backups/no-such-backup").then().statusCode(403);
    }
}
