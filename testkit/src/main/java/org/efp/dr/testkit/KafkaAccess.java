package org.efp.dr.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the platform's broker: one SCRAM principal per service, plus {@code operator} and
 * {@code alertmanager}. Each service writes only the topics it owns (and {@code dr.dead-letter}), reads only what it
 * consumes and {@code dr.topology}, and joins only consumer groups named after itself. Must agree with common's
 * {@code TopicProducers}: a test in common checks it. The same table is written out as ACLs for a real cluster in
 * {@code deploy/}.
 */
public final class KafkaAccess {

    /** The kit's own super user (creates topics, credentials and ACLs; test clients use it). */
    public static final String ADMIN = "dr-admin";
    /** Operators: publish commands and trigger events, read every topic. */
    public static final String OPERATOR = "operator";
    /** Alertmanager (or a bridge from it): publishes trigger events only. */
    public static final String ALERTMANAGER = "alertmanager";

    /** What one principal may write and read; it may join consumer groups whose id starts with its name. */
    public record Grant(String principal, Set<String> writes, Set<String> reads) {
    }

    private static final String DEAD_LETTER = "dr.dead-letter";
    private static final String TOPOLOGY = "dr.topology";

    /** Every principal and its grants, in a stable order. */
    public static final Map<String, Grant> GRANTS = grants();

    private static Map<String, Grant> grants() {
        Map<String, Grant> g = new LinkedHashMap<>();
        add(g, "backup-service", Set.of("dr.backups", DEAD_LETTER), Set.of("dr.commands", TOPOLOGY, DEAD_LETTER));
        add(g, "restore-service", Set.of("dr.recoveries", "dr.drills", "dr.commands", DEAD_LETTER),
                Set.of("dr.commands", "dr.recoveries", TOPOLOGY, DEAD_LETTER));
        add(g, "failover-service",
                Set.of("dr.incidents", "dr.commands", "dr.recoveries", "dr.drills", TOPOLOGY, DEAD_LETTER),
                Set.of("dr.incidents", "dr.recoveries", "dr.commands", TOPOLOGY, DEAD_LETTER));
        add(g, "notifier-service", Set.of("dr.notifications", DEAD_LETTER),
                Set.of("dr.backups", "dr.incidents", "dr.recoveries", "dr.drills", "dr.metrics", TOPOLOGY,
                        DEAD_LETTER));
        add(g, "metrics-service", Set.of("dr.metrics", DEAD_LETTER),
                Set.of("dr.backups", "dr.incidents", "dr.recoveries", "dr.drills", TOPOLOGY, DEAD_LETTER));
        add(g, OPERATOR, Set.of("dr.commands", "dr.incidents"), Set.copyOf(Infrastructure.TOPICS));
        add(g, ALERTMANAGER, Set.of("dr.incidents"), Set.of());
        return Collections.unmodifiableMap(g);
    }

    private static void add(Map<String, Grant> grants, String principal, Set<String> writes, Set<String> reads) {
        grants.put(principal, new Grant(principal, writes, reads));
    }

    private KafkaAccess() {
    }

    /** Every principal the broker knows, the admin first. */
    public static List<String> principals() {
        List<String> all = new ArrayList<>();
        all.add(ADMIN);
        all.addAll(GRANTS.keySet());
        return all;
    }

    /** The ACLs that implement {@link #GRANTS} (topic WRITE/READ, READ on the principal's consumer groups). */
    public static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        for (Grant grant : GRANTS.values()) {
            String user = "User:" + grant.principal();
            grant.writes().forEach(t -> acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, user,
                    AclOperation.WRITE)));
            grant.reads().forEach(t -> acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, user,
                    AclOperation.READ)));
            if (!grant.reads().isEmpty()) {
                acls.add(allow(ResourceType.GROUP, grant.principal(), PatternType.PREFIXED, user, AclOperation.READ));
            }
        }
        return acls;
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, String principal,
            AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
