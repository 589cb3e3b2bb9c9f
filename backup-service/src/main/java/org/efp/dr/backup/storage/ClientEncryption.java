package org.efp.dr.backup.storage;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.common.crypto.DecryptingInputStream;
import org.efp.dr.common.crypto.EncryptionConfigException;
import org.efp.dr.common.crypto.EncryptionKeys;
import org.efp.dr.common.crypto.ObjectCipher;
import org.jboss.logging.Logger;

/**
 * Client-side encryption of the data objects this service stores, after compression and before upload, when
 * keys are configured ({@code DR_BACKUP_ENCRYPTION_KEYS}, {@code DR_BACKUP_ENCRYPTION_ACTIVE_KEY}). Manifests stay
 * plaintext so that checksums can be verified and the catalog rebuilt without the key. A malformed setting stops
 * the service at start-up with the variable's name; key material is never logged.
 */
@ApplicationScoped
public class ClientEncryption {

    private static final Logger LOG = Logger.getLogger(ClientEncryption.class);

    private final ObjectCipher cipher;

    public ClientEncryption(BackupSettings settings) {
        BackupSettings.Encryption config = settings.backup().encryption();
        EncryptionKeys keys = EncryptionKeys.parse(config.keys().orElse(null), config.activeKey().orElse(null));
        if (!keys.isEmpty() && keys.activeKeyId().isEmpty()) {
            throw new EncryptionConfigException(EncryptionKeys.ACTIVE_KEY_VARIABLE + " must name the key new backups "
                    + "are encrypted with, one of " + keys.keyIds());
        }
        this.cipher = new ObjectCipher(keys);
    }

    void logAtStart(@Observes StartupEvent event) {
        if (enabled()) {
            LOG.infof("client-side encryption on algorithm=%s activeKeyId=%s keyIds=%s", ObjectCipher.ALGORITHM,
                    cipher.activeKeyId().orElseThrow(), cipher.keys().keyIds());
        } else {
            LOG.info("client-side encryption off (no DR_BACKUP_ENCRYPTION_KEYS)");
        }
    }

    /** Whether new objects are encrypted. */
    public boolean enabled() {
        return cipher.canEncrypt();
    }

    /** Whether keys are configured, so that encrypted objects can be read back here. */
    public boolean canDecrypt() {
        return !cipher.keys().isEmpty();
    }

    /** The key id new objects are encrypted with, when encryption is on. */
    public Optional<String> activeKeyId() {
        return cipher.activeKeyId();
    }

    /** Encrypts what is written into {@code out} (close it to seal the object), or hands {@code out} back when off. */
    public OutputStream encrypting(OutputStream out) {
        return enabled() ? cipher.encrypting(out) : out;
    }

    /** Encrypts a small object held in memory, or hands it back when off. */
    public byte[] encrypt(byte[] plain) {
        return enabled() ? cipher.encrypt(plain) : plain;
    }

    /** Reads an object decrypted (plaintext objects pass through). */
    public DecryptingInputStream decrypting(InputStream in) {
        return cipher.decrypting(in);
    }
}
