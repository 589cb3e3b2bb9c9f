package org.efp.dr.restore.database;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.luben.zstd.ZstdInputStream;
import org.efp.dr.restore.storage.BackupStore;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Fills a local directory with the archived WAL a restored cluster replays (the guide's "apply transaction
 * logs"): every segment from the base backup's first one on, plus the newest partial segment under its plain name,
 * and every timeline history file, so that recovery follows a failover onto the new timeline (recovery's target
 * timeline is the latest one whose history it finds).
 */
final class WalFetcher {

    private static final Pattern SEGMENT = Pattern.compile(".*/([0-9A-F]{24})(\\.partial)?\\.zst");
    private static final Pattern HISTORY = Pattern.compile(".*/([0-9A-F]{8}\\.history)\\.zst");

    private WalFetcher() {
    }

    /** Returns how many segments were written into {@code walDir}. */
    static int fetch(BackupStore store, String target, String firstSegment, Path walDir) throws Exception {
        Files.createDirectories(walDir);
        List<S3Object> objects = store.list("wal/" + target + "/");
        int count = 0;
        S3Object newestPartial = null;
        String newestPartialName = null;
        for (S3Object o : objects.stream().sorted(Comparator.comparing(S3Object::key)).toList()) {
            Matcher history = HISTORY.matcher(o.key());
            if (history.matches()) {
                write(store, o.key(), walDir.resolve(history.group(1)));
                continue;
            }
            Matcher m = SEGMENT.matcher(o.key());
            if (!m.matches() || (firstSegment != null && m.group(1).compareTo(firstSegment) < 0)) {
                continue;
            }
            if (m.group(2) != null) {
                if (newestPartialName == null || m.group(1).compareTo(newestPartialName) > 0) {
                    newestPartial = o;
                    newestPartialName = m.group(1);
                }
                continue;
            }
            write(store, o.key(), walDir.resolve(m.group(1)));
            count++;
        }
        if (newestPartial != null && !Files.exists(walDir.resolve(newestPartialName))) {
            write(store, newestPartial.key(), walDir.resolve(newestPartialName));
            count++;
        }
        return count;
    }

    private static void write(BackupStore store, String key, Path file) {
        store.read(key, in -> {
            try (InputStream z = new ZstdInputStream(in); OutputStream out = Files.newOutputStream(file)) {
                z.transferTo(out);
            }
        });
    }
}
