package org.efp.dr.common.text;

/** How reports write sizes, durations and text into HTML, the same on every page the platform renders. */
public final class Units {

    private static final String[] SIZE_UNITS = { "B", "kB", "MB", "GB", "TB" };

    private Units() {
    }

    /** 13.6 kB, 4.5 MB, 7.2 GB (decimal units). */
    public static String size(double bytes) {
        int unit = 0;
        while (bytes >= 1000 && unit < SIZE_UNITS.length - 1) {
            bytes /= 1000;
            unit++;
        }
        return unit == 0 ? String.format("%.0f B", bytes) : String.format("%.1f %s", bytes, SIZE_UNITS[unit]);
    }

    /** 41s, 3m 05s, 1h 00m; negative for a margin missed by; "-" when unknown. */
    public static String seconds(Long value) {
        if (value == null) {
            return "-";
        }
        long a = Math.abs(value);
        String sign = value < 0 ? "-" : "";
        return a >= 3600 ? String.format("%s%dh %02dm", sign, a / 3600, a % 3600 / 60)
                : a >= 60 ? String.format("%s%dm %02ds", sign, a / 60, a % 60) : sign + a + "s";
    }

    /** Text safe inside HTML elements and quoted attributes; "" for none. */
    public static String html(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
