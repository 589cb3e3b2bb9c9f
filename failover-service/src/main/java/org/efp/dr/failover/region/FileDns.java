package org.efp.dr.failover.region;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * The local run's DNS: a zone file of {@code record=target} lines. It outlives failover-service (a restart in the
 * middle of a region failover still sees where the record points, unlike {@link InMemoryDns}), and an operator or a
 * drill reads it to see what clients would resolve. Each change replaces the file in one atomic move.
 */
public class FileDns implements DnsProvider {

    private final Path zone;

    public FileDns(Path zone) {
        this.zone = zone;
    }

    @Override
    public synchronized Optional<String> current(String record) {
        return Optional.ofNullable(read().getProperty(record));
    }

    @Override
    public synchronized void point(String record, String target) {
        Properties records = read();
        records.setProperty(record, target);
        try {
            Files.createDirectories(zone.toAbsolutePath().getParent());
            Path next = zone.resolveSibling(zone.getFileName() + ".next");
            try (Writer w = Files.newBufferedWriter(next)) {
                records.store(w, "DNS records of the local run (record=target)");
            }
            Files.move(next, zone, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the DNS zone " + zone + ": " + e.getMessage(), e);
        }
    }

    private Properties read() {
        Properties records = new Properties();
        if (Files.exists(zone)) {
            try (Reader r = Files.newBufferedReader(zone)) {
                records.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the DNS zone " + zone + ": " + e.getMessage(), e);
            }
        }
        return records;
    }
}
