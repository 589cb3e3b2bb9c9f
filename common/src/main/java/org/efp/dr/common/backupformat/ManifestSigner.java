package org.efp.dr.common.backupformat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.efp.dr.common.backupformat.ManifestRefusedException.Reason;
import org.efp.dr.common.crypto.SigningKeys;
import org.efp.dr.common.events.EventCodec;

/**
 * Signs manifests as backup-service writes them and checks them before anything else of a backup is read. With
 * signing keys configured, a manifest must carry a good signature by a configured key ({@link ManifestSignature});
 * an unsigned one, a bad one or one by an unknown key is refused as {@code MANIFEST_SIGNATURE_INVALID}. Without keys,
 * manifests are written unsigned and read unchecked. In both cases a manifest whose backup id is not the one its
 * location names is refused as {@code MANIFEST_MISPLACED}.
 */
public final class ManifestSigner {

    private static final byte[] DOMAIN = "efp-dr manifest v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper MAPPER = EventCodec.mapper();

    private final SigningKeys keys;

    public ManifestSigner(SigningKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    public SigningKeys keys() {
        return keys;
    }

    /** Whether manifests must be signed to be read. */
    public boolean enforcing() {
        return keys.enabled();
    }

    /**
     * The signature file for manifest bytes stored under {@code manifestKey}; empty when no active signing key is
     * configured.
     */
    public Optional<byte[]> sign(String manifestKey, byte[] manifestBytes) {
        return keys.activeKeyId().map(id -> {
            byte[] mac = keys.mac(id, message(manifestKey, manifestBytes)).orElseThrow();
            try {
                return MAPPER.writeValueAsBytes(new ManifestSignature(ManifestSignature.VERSION,
                        ManifestSignature.ALGORITHM, id, Base64.getEncoder().encodeToString(mac)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode a manifest signature", e);
            }
        });
    }

    /**
     * Verifies, then parses, the manifest stored under {@code manifestKey}.
     *
     * @param signatureBytes the stored {@value BackupKeys#SIGNATURE}, or null when there is none
     * @throws ManifestRefusedException when the manifest is not to be trusted
     */
    public CheckedManifest check(String manifestKey, byte[] manifestBytes, byte[] signatureBytes) {
        String signedWith = null;
        if (keys.enabled()) {
            signedWith = verify(manifestKey, manifestBytes, signatureBytes);
        }
        Manifest manifest;
        try {
            manifest = ManifestCodec.read(manifestBytes);
        } catch (IllegalArgumentException e) {
            throw new ManifestRefusedException(Reason.MANIFEST_UNREADABLE, manifestKey + ": " + e.getMessage());
        }
        String located = BackupKeys.backupIdOf(BackupKeys.prefixOf(manifestKey));
        if (manifest.backupId() == null || !manifest.backupId().equals(located)) {
            throw new ManifestRefusedException(Reason.MANIFEST_MISPLACED, manifestKey + " names backup "
                    + manifest.backupId() + ", but is stored as backup " + located + ": copied or replayed");
        }
        return new CheckedManifest(manifest, signedWith);
    }

    private String verify(String manifestKey, byte[] manifestBytes, byte[] signatureBytes) {
        if (signatureBytes == null) {
            throw invalid(manifestKey + " is unsigned (no " + BackupKeys.SIGNATURE + ") but signing keys are "
                    + "configured (" + keys.source() + ")");
        }
        ManifestSignature signature;
        byte[] mac;
        try {
            signature = MAPPER.readValue(signatureBytes, ManifestSignature.class);
            mac = Base64.getDecoder().decode(signature.signature());
        } catch (IOException | IllegalArgumentException e) {
            throw invalid(manifestKey + " has an unreadable signature: " + e.getMessage());
        }
        if (signature.version() != ManifestSignature.VERSION
                || !ManifestSignature.ALGORITHM.equals(signature.algorithm())) {
            throw invalid(manifestKey + " is signed with " + signature.algorithm() + " version "
                    + signature.version() + "; this reader knows " + ManifestSignature.ALGORITHM + " version "
                    + ManifestSignature.VERSION);
        }
        Optional<byte[]> expected = keys.mac(signature.keyId(), message(manifestKey, manifestBytes));
        if (expected.isEmpty()) {
            throw invalid(manifestKey + " is signed with key id '" + printable(signature.keyId())
                    + "', which is not configured (" + keys.source() + " has " + keys.keyIds() + ")");
        }
        if (!MessageDigest.isEqual(expected.get(), mac)) {
            throw invalid(manifestKey + " does not match its signature (key " + signature.keyId()
                    + "): the manifest was altered, or signed with another key under that id");
        }
        return signature.keyId();
    }

    private static ManifestRefusedException invalid(String message) {
        return new ManifestRefusedException(Reason.MANIFEST_SIGNATURE_INVALID, message);
    }

    private static String printable(String keyId) {
        return keyId != null && keyId.matches("[A-Za-z0-9._-]{1,64}") ? keyId : "<invalid id>";
    }

    private static byte[] message(String manifestKey, byte[] manifestBytes) {
        byte[] key = manifestKey.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(DOMAIN.length + 4 + key.length + manifestBytes.length).put(DOMAIN)
                .putInt(key.length).put(key).put(manifestBytes).array();
    }
}
