package org.efp.dr.restore.storage;

import java.time.Duration;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.efp.dr.common.storage.S3Clients;
import org.efp.dr.restore.config.RestoreSettings;
import org.eclipse.microprofile.config.ConfigProvider;
import org.efp.dr.common.crypto.EncryptionKeys;
import org.efp.dr.common.crypto.ObjectCipher;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 client restores read through (see {@link S3Clients}); large single GETs get a long attempt timeout. And the
 * cipher that reads encrypted backups.
 */
public class S3ClientProducer {

    @Produces
    @Singleton
    S3Client s3Client(RestoreSettings settings) {
        RestoreSettings.S3 s3 = settings.s3();
        return S3Clients.create(new S3Clients.Settings(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(),
                true, Duration.ofMinutes(10)));
    }

    /**
     * Decrypts objects backup-service encrypted (keys from {@code DR_BACKUP_ENCRYPTION_KEYS}, old ones kept for
     * older backups); plaintext objects pass through. A malformed setting stops the service at start-up.
     */
    @Produces
    @Singleton
    ObjectCipher objectCipher() {
        return new ObjectCipher(EncryptionKeys.fromConfig(ConfigProvider.getConfig()));
    }

    void close(@Disposes S3Client client) {
        client.close();
    }
}
