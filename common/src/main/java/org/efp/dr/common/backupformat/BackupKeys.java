package org.efp.dr.common.backupformat;

import java.util.Objects;

import org.efp.dr.common.crypto.ObjectBinding;
import org.efp.dr.common.events.BackupKind;
import org.efp.dr.common.events.Require;

/**
 * Where a backup lives in the bucket: {@code databases/<target>/<kind>/<backupId>/} for database backups,
 * {@code <kind>/<backupId>/} for models and configs, archived WAL under {@code wal/<target>/}. A backup's prefix
 * holds its objects, then {@value #SIGNATURE}, then {@value #MANIFEST} (written last).
 */
public final class BackupKeys {

    /** The manifest's name under a backup's prefix. */
    public static final String MANIFEST = "manifest.json";
    /** The manifest signature's name under a backup's prefix. */
    public static final String SIGNATURE = "manifest.json.sig";
    /** Where archived WAL segments live, one folder per target. */
    public static final String WAL_PREFIX = "wal/";

    private BackupKeys() {
    }

    /** The key prefix under which a backup's objects live (ends in "/"). */
    public static String prefix(String target, BackupKind kind, String backupId) {
        Require.id(backupId, "backupId");
        return switch (kind) {
            case MODELS, CONFIGS -> kind.name().toLowerCase() + "/" + backupId + "/";
            default -> "databases/" + Require.id(target, "target") + "/" + kind.name().toLowerCase() + "/"
                    + backupId + "/";
        };
    }

    /** The archived WAL of a target (ends in "/"). */
    public static String walPrefix(String target) {
        return WAL_PREFIX + Require.id(target, "target") + "/";
    }

    public static String manifestKey(String prefix) {
        return requirePrefix(prefix) + MANIFEST;
    }

    public static String signatureKey(String prefix) {
        return requirePrefix(prefix) + SIGNATURE;
    }

    /** Whether {@code key} is a backup's manifest. */
    public static boolean isManifest(String key) {
        return key.endsWith("/" + MANIFEST);
    }

    /** The backup prefix of a manifest key. */
    public static String prefixOf(String manifestKey) {
        if (!isManifest(manifestKey)) {
            throw new IllegalArgumentException("not a manifest key: " + manifestKey);
        }
        return manifestKey.substring(0, manifestKey.length() - MANIFEST.length());
    }

    /** The backup id a prefix names: its last folder. */
    public static String backupIdOf(String prefix) {
        String trimmed = requirePrefix(prefix).substring(0, prefix.length() - 1);
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    /**
     * What an object of {@code manifest} was encrypted as: bound to the backup, or only to its key when it is an
     * archived WAL segment (those are written before any backup lists them).
     */
    public static ObjectBinding binding(Manifest manifest, Manifest.ManifestObject object) {
        return object.key().startsWith(WAL_PREFIX) ? ObjectBinding.archived(object.key())
                : ObjectBinding.of(manifest.backupId(), object.key());
    }

    /**
     * What a writer binds an object stored under {@code objectKey} to: the backup whose folder holds it (the same
     * binding {@link #binding(Manifest, Manifest.ManifestObject)} expects, as a manifest's backup id must match its
     * folder), or only its key for archived WAL.
     */
    public static ObjectBinding bindingOf(String objectKey) {
        if (objectKey.startsWith(WAL_PREFIX)) {
            return ObjectBinding.archived(objectKey);
        }
        int slash = objectKey.lastIndexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("not an object of a backup: " + objectKey);
        }
        return ObjectBinding.of(backupIdOf(objectKey.substring(0, slash + 1)), objectKey);
    }

    private static String requirePrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.length() < 2 || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("a backup prefix ends in '/': " + prefix);
        }
        return prefix;
    }
}
