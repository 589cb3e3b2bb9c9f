package org.efp.dr.failover.database;

import java.util.regex.Pattern;

/**
 * Checks what an old primary reports about itself before any of it becomes part of a command run on its host: its
 * data directory (an absolute path of plain characters only, no {@code .} or {@code ..} segment) and its postmaster's
 * pid (digits only, within the kernel's pid range, from a postmaster.pid naming that same data directory). Whatever
 * fails is refused, never quoted or cleaned up.
 */
final class FenceTarget {

    private static final Pattern DATA_DIR = Pattern.compile("/[A-Za-z0-9._/-]{1,1023}");
    private static final Pattern PID = Pattern.compile("[1-9][0-9]{0,9}");
    private static final long PID_MAX = 4_194_304;

    private FenceTarget() {
    }

    /** Thrown when a reported value fails validation: the node is not fenced hard with it. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** The data directory as reported by {@code SHOW data_directory}, when it passes validation. */
    static String dataDirectory(String reported) {
        if (reported == null || !DATA_DIR.matcher(reported).matches() || reported.contains("//")
                || reported.endsWith("/")) {
            throw new Refused("data_directory " + shown(reported) + " fails validation (an absolute path of letters, "
                    + "digits and . _ - / only)");
        }
        for (String segment : reported.substring(1).split("/")) {
            if (segment.equals(".") || segment.equals("..") || segment.startsWith("-")) {
                throw new Refused("data_directory " + shown(reported) + " fails validation (segment '" + segment
                        + "')");
            }
        }
        return reported;
    }

    /** The postmaster's pid from the text of postmaster.pid, which must name {@code dataDirectory} on its 2nd line. */
    static long postmasterPid(String pidFile, String dataDirectory) {
        String[] lines = pidFile == null ? new String[0] : pidFile.split("\n", -1);
        if (lines.length < 2 || !PID.matcher(lines[0]).matches()) {
            throw new Refused("postmaster.pid does not start with a pid of digits only: "
                    + shown(lines.length == 0 ? null : lines[0]));
        }
        long pid = Long.parseLong(lines[0]);
        if (pid < 2 || pid > PID_MAX) {
            throw new Refused("postmaster.pid names pid " + pid + ", outside 2.." + PID_MAX);
        }
        if (!lines[1].equals(dataDirectory)) {
            throw new Refused("postmaster.pid names data directory " + shown(lines[1]) + ", not " + dataDirectory);
        }
        return pid;
    }

    private static String shown(String value) {
        if (value == null) {
            return "(none)";
        }
        String v = value.length() > 120 ? value.substring(0, 120) + "…" : value;
        return "'" + v.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
