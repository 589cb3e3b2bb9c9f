package org.efp.dr.failover.region;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A DNS provider kept in memory: local runs and the drill's simulation, where nothing real may change. */
public class InMemoryDns implements DnsProvider {

    private final Map<String, String> records = new ConcurrentHashMap<>();

    @Override
    public Optional<String> current(String record) {
        return Optional.ofNullable(records.get(record));
    }

    @Override
    public void point(String record, String target) {
        records.put(record, target);
    }
}
