package org.efp.dr.backup.storage;

import java.time.Duration;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.common.storage.S3Clients;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 client backups go through (see {@link S3Clients}). */
public class S3ClientProducer {

    @Produces
    @Singleton
    S3Client s3Client(BackupSettings settings) {
        BackupSettings.S3 s3 = settings.s3();
        return S3Clients.create(new S3Clients.Settings(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(),
                s3.pathStyle(), Duration.ofMinutes(2)));
    }

    void close(@Disposes S3Client client) {
        client.close();
    }
}
