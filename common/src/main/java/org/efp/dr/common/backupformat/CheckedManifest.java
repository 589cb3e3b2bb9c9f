package org.efp.dr.common.backupformat;

import java.util.Objects;

/**
 * A manifest that passed {@link ManifestSigner#check}: its signature verified with key {@code signedWith}, or, when
 * no signing keys are configured, {@code signedWith} is null (nothing was checked).
 */
public record CheckedManifest(Manifest manifest, String signedWith) {

    public CheckedManifest {
        Objects.requireNonNull(manifest, "manifest");
    }

    /** Whether a signature was verified. */
    public boolean signatureVerified() {
        return signedWith != null;
    }

    /** How the verdict reads in a report: "signed by key k1" or "not checked (no signing keys)". */
    public String describe() {
        return signedWith != null ? "signature valid (key " + signedWith + ")"
                : "signature not checked (no signing keys configured)";
    }
}
