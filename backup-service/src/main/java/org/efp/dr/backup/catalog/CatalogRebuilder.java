package org.efp.dr.backup.catalog;

import java.io.IOException;
import java.io.ByteArrayInputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.efp.dr.backup.manifest.Manifest;
import org.efp.dr.backup.manifest.ManifestCodec;
import org.efp.dr.backup.storage.ObjectStore;
import org.jboss.logging.Logger;

/**
 * Rebuilds the catalog from S3 alone: every manifest found is a completed backup. Objects without a manifest
 * are incomplete backups and stay out of the catalog.
 */
@ApplicationScoped
public class CatalogRebuilder {

    private static final Logger LOG = Logger.getLogger(CatalogRebuilder.class);

    private final ObjectStore store;
    private final Catalog catalog;

    public CatalogRebuilder(ObjectStore store, Catalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    /** The number of manifests found and of catalog rows added or repaired. */
    public record Rebuilt(int manifests, int restored) {
    }

    @Transactional
    public Rebuilt rebuild() {
        int manifests = 0;
        int restored = 0;
        for (String key : store.list("")) {
            if (!key.endsWith("/" + Manifest.FILE_NAME)) {
                continue;
            }
            byte[] bytes = store.read(key);
            Manifest m;
            try {
                m = ManifestCodec.read(bytes);
            } catch (IllegalArgumentException e) {
                LOG.warnf("skipping unreadable manifest key=%s: %s", key, e.getMessage());
                continue;
            }
            manifests++;
            String prefix = key.substring(0, key.length() - Manifest.FILE_NAME.length());
            CatalogEntry entry = new CatalogEntry(m.backupId(), m.target(), m.kind(), BackupStatus.COMPLETED, null,
                    "rebuilt from S3", "catalog-rebuild", prefix, store.uri(key), m.sizeBytes(), m.compressedBytes(),
                    sha256(bytes), m.compressedBytes(), m.startedAt(), m.startedAt(), m.completedAt(), m.completedAt(),
                    m.consistentAt(), m.expiresAt(), null, null, null);
            if (catalog.upsertCompleted(entry)) {
                restored++;
            }
        }
        LOG.infof("catalog rebuilt manifests=%d restored=%d", manifests, restored);
        return new Rebuilt(manifests, restored);
    }

    private static String sha256(byte[] bytes) {
        try {
            return ObjectStore.sha256Of(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
