package org.efp.dr.failover.region;

import java.nio.file.Path;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;

/** The configured DNS provider. */
public class DnsProducer {

    @Produces
    @Singleton
    DnsProvider dns(RegionConfig config) {
        if ("route53".equals(config.dns().provider())) {
            if (config.dns().hostedZoneId().isEmpty()) {
                // Start anyway (detection and database failover need no DNS); a region failover fails at switch-dns.
                return new DnsProvider() {
                    @Override
                    public java.util.Optional<String> current(String record) {
                        return java.util.Optional.empty();
                    }

                    @Override
                    public void point(String record, String target) {
                        throw new IllegalStateException("dr.failover.region.dns.hosted-zone-id is required for route53");
                    }
                };
            }
            String zone = config.dns().hostedZoneId().get();
            Route53Client client = Route53Client.builder().region(Region.AWS_GLOBAL)
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
            return new Route53Dns(client, zone, config.dns().ttl(), config.dns().syncTimeout());
        }
        if ("file".equals(config.dns().provider())) {
            return new FileDns(Path.of(config.dns().file().orElseThrow(() -> new IllegalStateException(
                    "dr.failover.region.dns.file is required for the file DNS provider"))));
        }
        return new InMemoryDns();
    }
}
