package org.efp.dr.backup.manifest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import org.efp.dr.backup.config.BackupSettings;
import org.efp.dr.backup.storage.ObjectStore;
import org.efp.dr.backup.storage.StoredObject;
import org.efp.dr.common.backupformat.BackupKeys;
import org.efp.dr.common.backupformat.CheckedManifest;
import org.efp.dr.common.backupformat.Manifest;
import org.efp.dr.common.backupformat.ManifestCodec;
import org.efp.dr.common.backupformat.ManifestRefusedException;
import org.efp.dr.common.backupformat.ManifestSigner;
import org.efp.dr.common.crypto.EncryptionConfigException;
import org.efp.dr.common.crypto.EncryptionKeys;
import org.efp.dr.common.crypto.SigningKeys;
import org.jboss.logging.Logger;

/**
 * Manifests in the bucket, signed: {@link #write} stores the signature ({@code manifest.json.sig}) first and the
 * manifest last, so a manifest never appears without its signature; {@link #read} verifies before it parses. Keys
 * from {@code DR_BACKUP_SIGNING_KEYS} / {@code DR_BACKUP_SIGNING_ACTIVE_KEY}, else derived from the encryption keys;
 * with neither, manifests are unsigned and reads are unchecked (a warning at start-up says so).
 */
@ApplicationScoped
public class Manifests {

    private static final Logger LOG = Logger.getLogger(Manifests.class);

    private final ObjectStore store;
    private final ManifestSigner signer;

    public Manifests(BackupSettings settings, ObjectStore store) {
        this.store = store;
        BackupSettings.Encryption encryption = settings.backup().encryption();
        BackupSettings.Signing signing = settings.backup().signing();
        SigningKeys keys = SigningKeys.parse(signing.keys().orElse(null), signing.activeKey().orElse(null),
                EncryptionKeys.parse(encryption.keys().orElse(null), encryption.activeKey().orElse(null)));
        if (keys.enabled() && keys.activeKeyId().isEmpty()) {
            throw new EncryptionConfigException(SigningKeys.ACTIVE_KEY_VARIABLE + " must name the key new manifests "
                    + "are signed with, one of " + keys.keyIds());
        }
        this.signer = new ManifestSigner(keys);
    }

    void logAtStart(@Observes StartupEvent event) {
        SigningKeys keys = signer.keys();
        if (keys.enabled()) {
            LOG.infof("manifest signing on activeKeyId=%s keyIds=%s source=%s", keys.activeKeyId().orElseThrow(),
                    keys.keyIds(), keys.source());
        } else {
            LOG.warnf("manifest signing off: manifests are written unsigned and read unchecked (set %s)",
                    SigningKeys.KEYS_VARIABLE);
        }
    }

    /** Whether manifests are signed and must verify. */
    public boolean signing() {
        return signer.enforcing();
    }

    /** Stores the signature, then the manifest, under {@code prefix}; returns the stored manifest. */
    public StoredObject write(String prefix, Manifest manifest) {
        String key = BackupKeys.manifestKey(prefix);
        byte[] bytes = ManifestCodec.write(manifest);
        signer.sign(key, bytes).ifPresent(signature -> store.put(BackupKeys.signatureKey(prefix), signature));
        return store.put(key, bytes);
    }

    /**
     * The manifest under {@code prefix}, verified.
     *
     * @throws ManifestRefusedException when it is unsigned, badly signed, misplaced or unreadable
     */
    public CheckedManifest read(String prefix) {
        String key = BackupKeys.manifestKey(prefix);
        return check(key, store.read(key));
    }

    /** Verifies manifest bytes already read from {@code manifestKey} against the stored signature. */
    public CheckedManifest check(String manifestKey, byte[] bytes) {
        String prefix = BackupKeys.prefixOf(manifestKey);
        byte[] signature = store.readIfExists(BackupKeys.signatureKey(prefix)).orElse(null);
        return signer.check(manifestKey, bytes, signature);
    }
}
