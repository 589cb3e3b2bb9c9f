package org.efp.dr.failover.region;

import java.util.Optional;

/** Where a DNS name points; region failover switches it to the backup region and back on rollback. */
public interface DnsProvider {

    /** The record's current target, if it exists. */
    Optional<String> current(String record);

    /** Points {@code record} at {@code target} (CNAME, short TTL) and waits until the change is applied. */
    void point(String record, String target);
}
