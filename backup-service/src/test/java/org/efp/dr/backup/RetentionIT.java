package org.efp.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.efp.dr.backup.BackupTestSupport.awaitFinished;
import static org.efp.dr.backup.BackupTestSupport.s3;
import static org.efp.dr.backup.BackupTestSupport.trigger;

import java.util.List;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.efp.dr.backup.retention.RetentionPruner;
import org.efp.dr.backup.wal.WalSegments;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

@QuarkusTest
@WithTestResource(DrTestResources.class)
class RetentionIT {

    private static final String ARCHIVE = "wal/energy_forecast/";

    @Inject
    RetentionPruner pruner;

    @Test
    void walBeforeTheOldestRetainedBaseBackupIsDeletedFromS3AndTheRestKept() {
        // Given: a base backup, and archived files of an old timeline, one before and one at its WAL start
        JsonPath base = awaitFinished(trigger("energy_forecast", "BASE"));
        long baseStart = WalSegments.number(base.getString("manifest.wal.firstSegment"));
        String old = ARCHIVE + WalSegments.name(0xFF, 0) + ".zst";
        String oldPartial = ARCHIVE + WalSegments.name(0xFF, 0) + ".partial.zst";
        String atStart = ARCHIVE + WalSegments.name(0xFF, baseStart) + ".zst";
        String history = ARCHIVE + "000000FF.history.zst";
        List<String> before;
        try (S3Client s3 = s3()) {
            for (String key : List.of(old, oldPartial, atStart, history)) {
                s3.putObject(b -> b.bucket(BackupTestSupport.BUCKET).key(key), RequestBody.fromString("wal"));
            }
            before = archived(s3);
        }

        // When
        RetentionPruner.Pruned pruned = pruner.prune();

        // Then: only files before the base backup's WAL start went, and every one of them went from S3
        List<String> left;
        try (S3Client s3 = s3()) {
            left = archived(s3);
            s3.deleteObject(b -> b.bucket(BackupTestSupport.BUCKET).key(atStart));
            s3.deleteObject(b -> b.bucket(BackupTestSupport.BUCKET).key(history));
        }
        assertThat(pruned.walKeys()).contains(old, oldPartial).doesNotContain(atStart, history)
                .allSatisfy(k -> assertThat(number(k)).isLessThan(baseStart));
        assertThat(left).doesNotContainAnyElementsOf(pruned.walKeys()).contains(atStart, history)
                .containsAll(before.stream().filter(k -> k.endsWith(".zst") && !k.endsWith(".history.zst")
                        && number(k) >= baseStart).toList());
    }

    /** The archive's files; an upload still in flight (a key with a suffix after ".zst") is not one of them yet. */
    private static List<String> archived(S3Client s3) {
        return s3.listObjectsV2Paginator(b -> b.bucket(BackupTestSupport.BUCKET).prefix(ARCHIVE)).contents()
                .stream().map(S3Object::key).toList();
    }

    private static long number(String key) {
        return WalSegments.number(key.substring(ARCHIVE.length(), ARCHIVE.length() + 24));
    }
}
