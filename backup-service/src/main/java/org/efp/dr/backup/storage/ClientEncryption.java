package org.efp.dr.backup.storage;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.common.backupformat.BackupKeys;
import org.efp.dr.common.crypto.DecryptingInputStream;
import org.efp.dr.common.crypto.EncryptionConfigException;
import org.efp.dr.common.crypto.EncryptionKeys;
import org.efp.dr.common.crypto.ObjectBinding;
import org.efp.dr.common.crypto.ObjectCipher;
import org.jboss.logging.Logger;

/**
 * Client-side encryption of the data objects this service stores, after compression and before upload, when
 * keys are configured ({@code DR_BACKUP_ENCRYPTION_KEYS}, {@code DR_BACKUP_ENCRYPTION_ACTIVE_KEY}). Every object is
 * bound to its key and backup id ({@link ObjectBinding}), so a copy of it elsewhere fails authentication. Manifests
 * stay plaintext (and are signed instead) so that checksums can be verified and the catalog rebuilt without the
 * key. A malformed setting stops the service at start-up with the variable's name; key material is never logged.
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
        this.cipher = new ObjectCipher(keys).acceptingUnbound(config.acceptUnboundV1());
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

    /**
     * Encrypts what is written into {@code out}, the object stored under {@code key} (close it to seal the object),
     * or hands {@code out} back when off.
     */
    public OutputStream encrypting(String key, OutputStream out) {
        return enabled() ? cipher.encrypting(out, BackupKeys.bindingOf(key)) : out;
    }

    /** Encrypts a small object to be stored under {@code key}, or hands it back when off. */
    public byte[] encrypt(String key, byte[] plain) {
        return enabled() ? cipher.encrypt(plain, BackupKeys.bindingOf(key)) : plain;
    }

    /**
     * Reads an object decrypted, refusing it unless it is bound to {@code binding}; plaintext is refused when keys
     * are configured or {@code expectedEncrypted}.
     */
    public DecryptingInputStream decrypting(InputStream in, ObjectBinding binding, boolean expectedEncrypted) {
        return cipher.decrypting(in, binding, expectedEncrypted);
    }

    /** Whether a plaintext object is acceptable (no keys here and the manifest does not say encrypted). */
    public boolean allowsPlaintext(boolean expectedEncrypted) {
        return cipher.allowsPlaintext(expectedEncrypted);
    }
}
