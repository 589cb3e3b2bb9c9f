package org.efp.dr.common.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the guide writes them: "30d", "6h", "15m", "45s", "2w", or "0". */
public final class DurationText {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*([smhdw]?)");

    private DurationText() {
    }

    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim().toLowerCase());
        if (!m.matches() || (m.group(2).isEmpty() && !m.group(1).equals("0"))) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 30d, 6h, 15m, 45s or 0");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ZERO;
        };
    }
}
