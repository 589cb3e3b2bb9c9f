package org.efp.dr.restore.storage;

import java.time.Duration;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.efp.dr.common.storage.S3Clients;
import org.efp.dr.restore.config.RestoreSettings;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 client restores read through (see {@link S3Clients}); large single GETs get a long attempt timeout. */
public class S3ClientProducer {

    @Produces
    @Singleton
    S3Client s3Client(RestoreSettings settings) {
        RestoreSettings.S3 s3 = settings.s3();
        return S3Clients.create(new S3Clients.Settings(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(),
                true, Duration.ofMinutes(10)));
    }

    void close(@Disposes S3Client client) {
        client.close();
    }
}
