package org.efp.dr.common.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.efp.dr.common.events.EventCodec;

/** {@link JobProgress} as the JSON a job row keeps it in, so another replica can show it. */
public final class ProgressCodec {

    private ProgressCodec() {
    }

    public static String encode(JobProgress progress) {
        try {
            return EventCodec.mapper().writeValueAsString(progress);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write progress: " + e.getOriginalMessage(), e);
        }
    }

    /** The progress in {@code json}; null for null or unreadable text (progress is informative, never fatal). */
    public static JobProgress decode(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return EventCodec.mapper().readValue(json, JobProgress.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }
}
