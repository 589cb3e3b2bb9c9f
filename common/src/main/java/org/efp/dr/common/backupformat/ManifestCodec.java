package org.efp.dr.common.backupformat;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.efp.dr.common.events.EventCodec;

/**
 * Manifests as pretty JSON: operators read them with plain S3 tools. The bytes written are the ones signed; a reader
 * verifies the stored bytes as they are, so no re-encoding has to match.
 */
public final class ManifestCodec {

    private static final ObjectMapper MAPPER = EventCodec.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestCodec() {
    }

    public static byte[] write(Manifest manifest) {
        try {
            return MAPPER.writeValueAsBytes(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Manifest read(byte[] json) {
        try {
            return MAPPER.readValue(json, Manifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a backup manifest: " + e.getMessage(), e);
        }
    }
}
