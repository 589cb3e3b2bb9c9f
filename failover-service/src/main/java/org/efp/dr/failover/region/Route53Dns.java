package org.efp.dr.failover.region;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** Route53 (AWS SDK v2): UPSERTs a CNAME in the hosted zone and waits for INSYNC. */
public class Route53Dns implements DnsProvider {

    private final Route53Client client;
    private final String hostedZoneId;
    private final long ttl;
    private final Duration syncTimeout;

    public Route53Dns(Route53Client client, String hostedZoneId, long ttl, Duration syncTimeout) {
        this.client = client;
        this.hostedZoneId = hostedZoneId;
        this.ttl = ttl;
        this.syncTimeout = syncTimeout;
    }

    @Override
    public Optional<String> current(String record) {
        String name = record.endsWith(".") ? record : record + ".";
        ListResourceRecordSetsResponse r = client.listResourceRecordSets(b -> b.hostedZoneId(hostedZoneId)
                .startRecordName(name).startRecordType(RRType.CNAME).maxItems("1"));
        return r.resourceRecordSets().stream().filter(s -> s.name().equals(name) && s.type() == RRType.CNAME)
                .findFirst().flatMap(s -> s.resourceRecords().stream().findFirst()).map(v -> v.value());
    }

    @Override
    public void point(String record, String target) {
        ResourceRecordSet set = ResourceRecordSet.builder().name(record).type(RRType.CNAME).ttl(ttl)
                .resourceRecords(v -> v.value(target)).build();
        String changeId = client.changeResourceRecordSets(b -> b.hostedZoneId(hostedZoneId).changeBatch(c -> c
                .comment("efp-dr region failover").changes(ch -> ch.action(ChangeAction.UPSERT)
                        .resourceRecordSet(set)))).changeInfo().id();
        Instant deadline = Instant.now().plus(syncTimeout);
        while (client.getChange(b -> b.id(changeId)).changeInfo().status() != ChangeStatus.INSYNC) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Route53 change " + changeId + " not in sync after " + syncTimeout);
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for Route53", e);
            }
        }
    }
}
