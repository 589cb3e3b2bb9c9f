package org.efp.dr.common.backupformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.efp.dr.common.backupformat.ManifestRefusedException.Reason;
import org.efp.dr.common.crypto.EncryptionKeys;
import org.efp.dr.common.crypto.ObjectBinding;
import org.efp.dr.common.crypto.SigningKeys;
import org.efp.dr.common.events.BackupKind;
import org.efp.dr.common.events.EventCodec;
import org.junit.jupiter.api.Test;

/** The backup format both services share: field names, encoding, signatures and where things live. */
class ManifestContractTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final String ID = "energy-forecast-full-20261125T100000Z-a1b2c3";
    private static final String PREFIX = BackupKeys.prefix("energy_forecast", BackupKind.FULL, ID);
    private static final String KEY = BackupKeys.manifestKey(PREFIX);

    private final ManifestSigner signer = new ManifestSigner(SigningKeys.parse("s1:" + key(), null, null));

    private static String key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static Manifest sample() {
        return new Manifest(Manifest.FORMAT_VERSION, ID, "energy_forecast", BackupKind.FULL, T0, T0.plusSeconds(60),
                T0.plusSeconds(5), T0.plusSeconds(86_400), "zstd", 1_000, 400,
                List.of(new Manifest.ManifestObject(PREFIX + "dump.pgc.zst", 400, "ab".repeat(32),
                        "pg_dump custom format, zstd, encrypted")),
                Map.of("public.forecasts", 42L), Map.of("public.forecasts", "cd".repeat(32)),
                List.of(new Manifest.ManifestFile("models/a.bin", 10, "ef".repeat(32))),
                new Manifest.WalRange(1, "0/3000028", "0/3000100", "000000010000000000000003",
                        "000000010000000000000003"),
                Map.of("pg_dump", "15.8"), "127.0.0.1:5432", Manifest.Encryption.ofKey("k1"));
    }

    @Test
    void manifestSurvivesARoundTripThroughItsCodec() {
        // When
        Manifest read = ManifestCodec.read(ManifestCodec.write(sample()));

        // Then
        assertThat(read).isEqualTo(sample());
        assertThat(read.encrypted()).isTrue();
        assertThat(read.dataAsOf()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void wireFieldNamesAreTheContract() throws Exception {
        // When
        JsonNode tree = EventCodec.mapper().readTree(ManifestCodec.write(sample()));

        // Then
        assertThat(tree.fieldNames()).toIterable().containsExactly("formatVersion", "backupId", "target", "kind",
                "startedAt", "completedAt", "consistentAt", "expiresAt", "compression", "sizeBytes",
                "compressedBytes", "objects", "tableRowCounts", "tableChecksums", "files", "wal", "toolVersions",
                "source", "encryption");
        assertThat(tree.get("kind").asText()).isEqualTo("FULL");
        assertThat(tree.get("completedAt").asText()).isEqualTo("2026-11-25T10:01:00Z");
        assertThat(tree.get("objects").get(0).fieldNames()).toIterable()
                .containsExactly("key", "sizeBytes", "sha256", "role");
        assertThat(tree.get("encryption").get("keyId").asText()).isEqualTo("k1");
    }

    @Test
    void unknownFieldsFromANewerWriterAreIgnored() throws Exception {
        // Given
        ObjectNode tree = (ObjectNode) EventCodec.mapper().readTree(ManifestCodec.write(sample()));
        tree.put("storageClass", "GLACIER");

        // When
        Manifest read = ManifestCodec.read(tree.toString().getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(read).isEqualTo(sample());
    }

    @Test
    void aSignedManifestChecksAndNamesItsKey() {
        // Given
        byte[] bytes = ManifestCodec.write(sample());
        byte[] signature = signer.sign(KEY, bytes).orElseThrow();

        // When
        CheckedManifest checked = signer.check(KEY, bytes, signature);

        // Then
        assertThat(checked.manifest()).isEqualTo(sample());
        assertThat(checked.signedWith()).isEqualTo("s1");
    }

    @Test
    void aManifestEditedAfterSigningIsRefused() {
        // Given: one checksum rewritten, as someone hiding a swapped object would
        byte[] bytes = ManifestCodec.write(sample());
        byte[] signature = signer.sign(KEY, bytes).orElseThrow();
        byte[] edited = new String(bytes, StandardCharsets.UTF_8).replace("abab", "abac")
                .getBytes(StandardCharsets.UTF_8);

        // When / Then
        assertThatThrownBy(() -> signer.check(KEY, edited, signature)).isInstanceOf(ManifestRefusedException.class)
                .satisfies(e -> assertThat(((ManifestRefusedException) e).reason())
                        .isEqualTo(Reason.MANIFEST_SIGNATURE_INVALID))
                .hasMessageContaining("does not match its signature");
    }

    @Test
    void anUnsignedManifestIsRefusedWhenSigningKeysAreConfigured() {
        // When / Then
        assertThatThrownBy(() -> signer.check(KEY, ManifestCodec.write(sample()), null))
                .isInstanceOf(ManifestRefusedException.class).hasMessageContaining("unsigned")
                .satisfies(e -> assertThat(((ManifestRefusedException) e).reason())
                        .isEqualTo(Reason.MANIFEST_SIGNATURE_INVALID));
    }

    @Test
    void aManifestSignedWithAnotherKeyIsRefused() {
        // Given
        byte[] bytes = ManifestCodec.write(sample());
        byte[] foreign = new ManifestSigner(SigningKeys.parse("s1:" + key(), null, null)).sign(KEY, bytes)
                .orElseThrow();

        // When / Then
        assertThatThrownBy(() -> signer.check(KEY, bytes, foreign)).isInstanceOf(ManifestRefusedException.class)
                .hasMessageContaining("does not match its signature");
    }

    @Test
    void aSignedManifestCopiedToAnotherBackupsPrefixIsRefused() {
        // Given: an old backup's manifest and signature copied under a newer backup id
        byte[] bytes = ManifestCodec.write(sample());
        byte[] signature = signer.sign(KEY, bytes).orElseThrow();
        String newer = BackupKeys.manifestKey(BackupKeys.prefix("energy_forecast", BackupKind.FULL, ID + "x"));

        // When / Then
        assertThatThrownBy(() -> signer.check(newer, bytes, signature)).isInstanceOf(ManifestRefusedException.class)
                .satisfies(e -> assertThat(((ManifestRefusedException) e).reason())
                        .isEqualTo(Reason.MANIFEST_SIGNATURE_INVALID));
    }

    @Test
    void withoutSigningKeysManifestsAreWrittenUnsignedButMisplacedOnesAreStillRefused() {
        // Given
        ManifestSigner off = new ManifestSigner(SigningKeys.parse(null, null, EncryptionKeys.none()));
        byte[] bytes = ManifestCodec.write(sample());
        String elsewhere = BackupKeys.manifestKey(BackupKeys.prefix("energy_forecast", BackupKind.FULL, "other-1"));

        // When
        CheckedManifest checked = off.check(KEY, bytes, null);

        // Then
        assertThat(off.sign(KEY, bytes)).isEmpty();
        assertThat(checked.signatureVerified()).isFalse();
        assertThatThrownBy(() -> off.check(elsewhere, bytes, null)).isInstanceOf(ManifestRefusedException.class)
                .satisfies(e -> assertThat(((ManifestRefusedException) e).reason())
                        .isEqualTo(Reason.MANIFEST_MISPLACED));
    }

    @Test
    void keysNameWhereABackupLives() {
        // Then
        assertThat(PREFIX).isEqualTo("databases/energy_forecast/full/" + ID + "/");
        assertThat(BackupKeys.prefix("x", BackupKind.MODELS, "m-1")).isEqualTo("models/m-1/");
        assertThat(BackupKeys.signatureKey(PREFIX)).isEqualTo(PREFIX + "manifest.json.sig");
        assertThat(BackupKeys.backupIdOf(BackupKeys.prefixOf(KEY))).isEqualTo(ID);
        assertThat(BackupKeys.binding(sample(), sample().objects().get(0)))
                .isEqualTo(ObjectBinding.of(ID, PREFIX + "dump.pgc.zst"));
        assertThat(BackupKeys.binding(sample(), new Manifest.ManifestObject("wal/energy_forecast/0001.zst", 1, "",
                "WAL"))).isEqualTo(ObjectBinding.archived("wal/energy_forecast/0001.zst"));
        assertThat(BackupKeys.bindingOf(PREFIX + "dump.pgc.zst"))
                .isEqualTo(BackupKeys.binding(sample(), sample().objects().get(0)));
        assertThatThrownBy(() -> BackupKeys.prefix("../etc", BackupKind.FULL, ID))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
