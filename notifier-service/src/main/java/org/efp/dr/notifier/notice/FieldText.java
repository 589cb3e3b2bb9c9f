package org.efp.dr.notifier.notice;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** How values appear in messages. */
final class FieldText {

    private FieldText() {
    }

    static String time(Instant instant) {
        return instant == null ? "n/a" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String duration(Duration d) {
        if (d == null) {
            return "n/a";
        }
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long rest = s % 60;
        StringBuilder out = new StringBuilder();
        if (h > 0) {
            out.append(h).append('h');
        }
        if (m > 0) {
            out.append(out.isEmpty() ? "" : " ").append(m).append('m');
        }
        if (rest > 0 && h == 0) {
            out.append(' ').append(rest).append('s');
        }
        return out.toString();
    }

    static String seconds(Long seconds) {
        return seconds == null ? "n/a" : duration(Duration.ofSeconds(seconds));
    }

    static String list(List<String> items, String none) {
        return items == null || items.isEmpty() ? none : String.join("; ", items);
    }

    static String orNone(String text) {
        return text == null || text.isBlank() ? "none" : text;
    }
}
