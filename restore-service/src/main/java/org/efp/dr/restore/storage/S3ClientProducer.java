package org.efp.dr.restore.storage;

import java.time.Duration;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.efp.dr.common.backupformat.ManifestSigner;
import org.efp.dr.common.crypto.ObjectCipher;
import org.efp.dr.common.crypto.SigningKeys;
import org.efp.dr.common.storage.S3Clients;
import org.efp.dr.restore.config.RestoreSettings;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 client restores read through (see {@link S3Clients}); large single GETs get a long attempt timeout. And the
 * cipher that reads encrypted backups, and the signer that verifies manifests.
 */
public class S3ClientProducer {

    private static final Logger LOG = Logger.getLogger(S3ClientProducer.class);

    @Produces
    @Singleton
    S3Client s3Client(RestoreSettings settings) {
        RestoreSettings.S3 s3 = settings.s3();
        return S3Clients.create(new S3Clients.Settings(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(),
                true, Duration.ofMinutes(10)));
    }

    /**
     * Decrypts objects backup-service encrypted (keys from {@code DR_BACKUP_ENCRYPTION_KEYS}, old ones kept for
     * older backups); plaintext objects are read only when no keys are configured and the manifest does not say
     * encrypted. A malformed setting stops the service at start-up.
     */
    @Produces
    @Singleton
    ObjectCipher objectCipher() {
        ObjectCipher cipher = ObjectCipher.fromConfig(ConfigProvider.getConfig());
        if (cipher.acceptsUnbound()) {
            LOG.warnf("%s=true: encrypted objects of the first format, not bound to their key and backup, are read",
                    ObjectCipher.ACCEPT_UNBOUND_VARIABLE);
        }
        return cipher;
    }

    /**
     * Verifies manifests with the keys from {@code DR_BACKUP_SIGNING_KEYS} (else derived from the encryption keys,
     * as backup-service does); with none, manifests are read unchecked, which is logged at start-up.
     */
    @Produces
    @Singleton
    ManifestSigner manifestSigner() {
        SigningKeys keys = SigningKeys.fromConfig(ConfigProvider.getConfig());
        if (keys.enabled()) {
            LOG.infof("manifest signatures checked keyIds=%s source=%s", keys.keyIds(), keys.source());
        } else {
            LOG.warnf("manifest signatures not checked: no signing keys (set %s)", SigningKeys.KEYS_VARIABLE);
        }
        return new ManifestSigner(keys);
    }

    void close(@Disposes S3Client client) {
        client.close();
    }
}
