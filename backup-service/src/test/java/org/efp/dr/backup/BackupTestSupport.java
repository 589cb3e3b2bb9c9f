package org.efp.dr.backup;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import com.github.luben.zstd.ZstdInputStream;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.efp.dr.testkit.Callers;
import org.efp.dr.testkit.S3Server;
import org.efp.dr.testkit.TestInfrastructure;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** What the backup tests share: triggering over REST, waiting for an outcome, reading S3 as a user would. */
final class BackupTestSupport {

    static final String BUCKET = "efp-dr-backups";

    private BackupTestSupport() {
    }

    /** Triggers a backup over REST as the operator and returns its id. */
    static String trigger(String target, String kind) {
        return Callers.operator().contentType(ContentType.JSON)
                .body(Map.of("target", target, "kind", kind, "reason", "test"))
                .when().post("/backups")
                .then().statusCode(202)
                .extract().path("backupId");
    }

    /** Waits until the backup reaches a final status and returns its view. */
    static JsonPath awaitFinished(String backupId) {
        JsonPath[] view = new JsonPath[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            view[0] = Callers.viewer().when().get("/backups/" + backupId).then().statusCode(200).extract().jsonPath();
            String status = view[0].getString("backup.status");
            return "COMPLETED".equals(status) || "FAILED".equals(status);
        });
        return view[0];
    }

    static S3Client s3() {
        S3Server s3 = TestInfrastructure.shared().s3();
        return S3Client.builder().endpointOverride(URI.create(s3.endpoint())).region(Region.US_EAST_1)
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .build();
    }

    static byte[] read(S3Client s3, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    static byte[] unzstd(byte[] compressed) throws IOException {
        try (InputStream in = new ZstdInputStream(new java.io.ByteArrayInputStream(compressed))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
