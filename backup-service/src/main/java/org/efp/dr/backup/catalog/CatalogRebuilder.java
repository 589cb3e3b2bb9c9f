package org.efp.dr.backup.catalog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.efp.dr.backup.manifest.Manifests;
import org.efp.dr.backup.storage.ObjectStore;
import org.efp.dr.common.backupformat.BackupKeys;
import org.efp.dr.common.backupformat.Manifest;
import org.efp.dr.common.backupformat.ManifestRefusedException;
import org.jboss.logging.Logger;

/**
 * Rebuilds the catalog from S3 alone: every manifest found that verifies (signature, place) is a completed backup.
 * Objects without a manifest are incomplete backups and stay out of the catalog; a manifest that does not verify
 * is skipped and reported with its reason, never catalogued.
 */
@ApplicationScoped
public class CatalogRebuilder {

    private static final Logger LOG = Logger.getLogger(CatalogRebuilder.class);

    private final ObjectStore store;
    private final Catalog catalog;
    private final Manifests manifests;

    public CatalogRebuilder(ObjectStore store, Catalog catalog, Manifests manifests) {
        this.store = store;
        this.catalog = catalog;
        this.manifests = manifests;
    }

    /** A manifest left out of the catalog: where it is, and why ({@code MANIFEST_SIGNATURE_INVALID}, ...). */
    public record Skipped(String key, String reason, String detail) {
    }

    /** The number of manifests catalogued, of catalog rows added or repaired, and the manifests skipped. */
    public record Rebuilt(int manifests, int restored, List<Skipped> skipped) {
    }

    @Transactional
    public Rebuilt rebuild() {
        int found = 0;
        int restored = 0;
        List<Skipped> skipped = new ArrayList<>();
        for (String key : store.list("")) {
            if (!BackupKeys.isManifest(key)) {
                continue;
            }
            byte[] bytes = store.read(key);
            Manifest m;
            try {
                m = manifests.check(key, bytes).manifest();
            } catch (ManifestRefusedException e) {
                LOG.warnf("manifest skipped key=%s reason=%s: %s", key, e.reason(), e.getMessage());
                skipped.add(new Skipped(key, e.reason().name(), e.getMessage()));
                continue;
            }
            found++;
            String prefix = BackupKeys.prefixOf(key);
            CatalogEntry entry = new CatalogEntry(m.backupId(), m.target(), m.kind(), BackupStatus.COMPLETED, null,
                    "rebuilt from S3", "catalog-rebuild", prefix, store.uri(key), m.sizeBytes(), m.compressedBytes(),
                    sha256(bytes), m.compressedBytes(), m.startedAt(), m.startedAt(), m.completedAt(), m.completedAt(),
                    m.consistentAt(), m.expiresAt(), null, null, null);
            if (catalog.upsertCompleted(entry)) {
                restored++;
            }
        }
        LOG.infof("catalog rebuilt manifests=%d restored=%d skipped=%d", found, restored, skipped.size());
        return new Rebuilt(found, restored, List.copyOf(skipped));
    }

    private static String sha256(byte[] bytes) {
        try {
            return ObjectStore.sha256Of(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
