package org.efp.dr.drctl;

import picocli.CommandLine.Option;

/** {@code --limit} and {@code --offset} of a list verb, checked before any service is asked. */
final class PageOptions {

    @Option(names = "--limit", defaultValue = "50", description = "at most this many (1-500, default: "
            + "${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--offset", defaultValue = "0", description = "skip this many of the newest (default: "
            + "${DEFAULT-VALUE})")
    int offset;

    /** {@code limit=..&offset=..} for the service's list endpoint. */
    String query(Verb verb) {
        verb.limit(limit, 500);
        if (offset < 0) {
            throw verb.usage("--offset must not be negative, was " + offset);
        }
        return "limit=" + limit + "&offset=" + offset;
    }
}
