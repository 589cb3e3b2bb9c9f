package org.efp.dr.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.efp.dr.testkit.LocalKubernetes;
import org.efp.dr.testkit.LocalStack;
import org.efp.dr.common.text.Units;

/**
 * The guide's region failure, live. The local run's regions are namespaces of its Kubernetes API ({@code efp}, the
 * primary; {@code efp-backup}, scaled to 0) and its DNS a zone file. The drill takes the whole primary region down
 * at once: its deployments scaled to 0 (its ingress has no replica left) and its database primary killed (SIGKILL).
 * Then it only watches whether the platform notices (failover-service's region probe), switches DNS to the backup
 * region, has the database failed over, scales the backup region up and verifies the system, and metrics-service
 * measures the incident as recovered. Then it fails back as an operator would once the region is back: the
 * region's deployments return, the old primary is rejoined by the platform, a region failover points DNS back, the
 * backup region is scaled to 0 again and a switchover returns the database primary to the primary region. The
 * region is judged against the API's row of the RTO/RPO table: the region serves the API.
 */
final class RegionFailureDrill extends ComponentDrill {

    static final String SCENARIO = "region_failure";
    static final String COMPONENT = "region";
    /** The row of the RTO/RPO table a region failure is judged by. */
    static final String OBJECTIVE = "api";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LivePlatform platform;
    private final Path zone;
    private final KubernetesClient kubernetes;
    private final Duration failbackTimeout;
    private final Map<String, Integer> primaryReplicas = new LinkedHashMap<>();
    private String victim;
    private String victimPid;
    private Writer writer;
    private long brokenAtNanos;
    private Long acknowledged;
    private Long lostCommits;
    private Long lostSeconds;

    /**
     * @param zone the local run's DNS zone file
     * @param kubernetesUrl the local run's Kubernetes API
     * @param failbackTimeout how long each failback step may take
     */
    RegionFailureDrill(LivePlatform platform, Path zone, String kubernetesUrl, Duration rto, Duration rpo,
            Duration watchTimeout, Duration failbackTimeout, PrintStream out) {
        super(platform, SCENARIO, COMPONENT, rto, rpo, watchTimeout, out);
        this.platform = platform;
        this.zone = zone;
        this.failbackTimeout = failbackTimeout;
        this.kubernetes = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(kubernetesUrl)
                .withTrustCerts(true).withNamespace(LocalKubernetes.NAMESPACE).build()).build();
    }

    @Override
    String prepare() throws IOException {
        String target = dns();
        if (!LocalStack.PRIMARY_TARGET.equals(target)) {
            throw new IllegalStateException(LocalStack.DNS_RECORD + " points to " + target + ", not to the primary "
                    + "region's " + LocalStack.PRIMARY_TARGET + ": fail back first");
        }
        for (String name : LocalKubernetes.DEPLOYMENTS.keySet()) {
            primaryReplicas.put(name, replicas(LocalKubernetes.NAMESPACE, name));
        }
        if (primaryReplicas.getOrDefault("ingress-controller", 0) < 1) {
            throw new IllegalStateException("the primary region's ingress runs no replica: it is down already");
        }
        for (String name : LocalKubernetes.BACKUP_DEPLOYMENTS) {
            if (replicas(LocalKubernetes.BACKUP_NAMESPACE, name) > 0) {
                throw new IllegalStateException("the backup region already runs " + name + ": fail back first");
            }
        }
        // A platform just started needs a moment until its topology shows the standby streaming.
        long until = System.nanoTime() + 60_000_000_000L;
        JsonNode topology = topology();
        while (topology.path("streamingStandbys").asLong() < 1 && System.nanoTime() < until) {
            LockSupport.parkNanos(500_000_000L);
            topology = topology();
        }
        victim = topology.path("primary").asText(null);
        if (victim == null || !platform.nodeDataDirs().containsKey(victim)) {
            throw new IllegalStateException("failover-service names no primary this host runs (topology primary: "
                    + victim + ")");
        }
        if (topology.path("streamingStandbys").asLong() < 1) {
            throw new IllegalStateException("the primary " + victim + " has no streaming standby after 60 s: a "
                    + "region failover would lose data; see GET /api/v1/database/topology");
        }
        victimPid = DatabaseFailureDrill.postmasterPid(platform.nodeDataDirs().get(victim));
        try {
            writer = new Writer(List.copyOf(platform.nodeJdbcUrls().values()), platform.databaseUser(),
                    Duration.ofMillis(20));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start the write load on " + victim + ": " + e.getMessage(), e);
        }
        long loaded = System.nanoTime() + 30_000_000_000L;
        while (writer.acknowledgedCount() < 50 && System.nanoTime() < loaded) {
            LockSupport.parkNanos(100_000_000L);
        }
        return "primary region " + LocalKubernetes.NAMESPACE + " " + primaryReplicas + " with the database primary "
                + victim + ", backup region " + LocalKubernetes.BACKUP_NAMESPACE + " scaled to 0, "
                + LocalStack.DNS_RECORD + " -> " + target;
    }

    @Override
    String breakIt() throws IOException {
        primaryReplicas.keySet().forEach(name -> scale(LocalKubernetes.NAMESPACE, name, 0));
        brokenAtNanos = System.nanoTime();
        try {
            if (new ProcessBuilder("kill", "-9", victimPid).inheritIO().start().waitFor() != 0) {
                throw new IllegalStateException("kill -9 " + victimPid + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return "the primary region went dark: " + String.join(", ", primaryReplicas.keySet()) + " scaled to 0 in "
                + LocalKubernetes.NAMESPACE + " and its database primary " + victim + " killed (kill -9 of "
                + "postmaster " + victimPid + ") after " + writer.acknowledgedCount() + " acknowledged commits";
    }

    @Override
    String healed() throws IOException {
        if (!LocalStack.BACKUP_TARGET.equals(dns())) {
            return null;
        }
        Map<String, Integer> backup = new LinkedHashMap<>();
        for (String name : LocalKubernetes.BACKUP_DEPLOYMENTS) {
            backup.put(name, replicas(LocalKubernetes.BACKUP_NAMESPACE, name));
        }
        if (backup.values().stream().anyMatch(r -> r < 1)) {
            return null;
        }
        String primary = topology().path("primary").asText(null);
        if (primary == null || primary.equals(victim)) {
            return null;
        }
        return "serving from the backup region: " + LocalStack.DNS_RECORD + " -> " + LocalStack.BACKUP_TARGET
                + ", " + LocalKubernetes.BACKUP_NAMESPACE + " " + backup + ", database primary " + primary;
    }

    /** Stops the write load and counts the acknowledged commits the database primary now lacks. */
    @Override
    void after() {
        try {
            writer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        acknowledged = writer.acknowledgedCount();
        String current = topology().path("primary").asText(null);
        String url = current == null ? null : platform.nodeJdbcUrls().get(current);
        if (url == null) {
            step("no primary to count acknowledged commits on");
            return;
        }
        try {
            List<Long> missing = writer.missingIdsOn(url);
            lostCommits = (long) missing.size();
            Long first = missing.isEmpty() ? null : writer.acknowledgedAtNanos(missing.get(0));
            lostSeconds = first == null ? 0L : Math.max(0, (brokenAtNanos - first + 999_999_999L) / 1_000_000_000L);
            step("counted acknowledged commits on " + current + ": " + missing.size() + " of " + acknowledged
                    + " missing");
        } catch (SQLException e) {
            step("could not count acknowledged commits on " + current + ": " + e.getMessage());
        }
        String notDropped = DatabaseFailureDrill.dropTable(platform, url);
        if (notDropped != null) {
            step(notDropped);
        }
    }

    @Override
    Long acknowledgedCommits() {
        return acknowledged;
    }

    @Override
    Long lostCommits() {
        return lostCommits;
    }

    @Override
    Long lostSeconds() {
        return lostSeconds;
    }

    @Override
    String putBack() throws IOException {
        try {
            writer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        primaryReplicas.forEach((name, replicas) -> scale(LocalKubernetes.NAMESPACE, name, replicas));
        LocalKubernetes.BACKUP_DEPLOYMENTS.forEach(name -> scale(LocalKubernetes.BACKUP_NAMESPACE, name, 0));
        Properties records = records();
        records.setProperty(LocalStack.DNS_RECORD, LocalStack.PRIMARY_TARGET);
        try (java.io.Writer w = Files.newBufferedWriter(zone)) {
            records.store(w, "DNS records of the local run (record=target)");
        }
        return "put the regions back by hand: " + LocalKubernetes.NAMESPACE + " scaled up again, "
                + LocalKubernetes.BACKUP_NAMESPACE + " to 0, " + LocalStack.DNS_RECORD + " -> "
                + LocalStack.PRIMARY_TARGET + " (the database stays where the platform left it)";
    }

    /**
     * Fails back as an operator would once the primary region is back; returns what did not work ({@code null}: the
     * platform runs in the primary region again, ready for the next failure).
     */
    @Override
    String readyForNext() throws IOException {
        primaryReplicas.forEach((name, replicas) -> scale(LocalKubernetes.NAMESPACE, name, replicas));
        step("the primary region is back: " + LocalKubernetes.NAMESPACE + " " + primaryReplicas);
        if (!waitUntil(() -> streams(victim))) {
            return "failback: " + victim + " was not rejoined as a streaming standby within "
                    + Units.seconds(failbackTimeout.toSeconds());
        }
        step("the platform rejoined " + victim + " as a streaming standby");

        Map<String, Object> back = new LinkedHashMap<>();
        back.put("action", "REGION_FAILOVER");
        back.put("component", COMPONENT);
        back.put("target", LocalKubernetes.NAMESPACE);
        back.put("parameters", Map.of("dnsTarget", LocalStack.PRIMARY_TARGET, "namespace",
                LocalKubernetes.NAMESPACE, "deployments", "", "healthChecks",
                "kubernetes:" + LocalKubernetes.NAMESPACE + "/ingress-controller", "verifyChecks",
                "kubernetes:" + LocalKubernetes.NAMESPACE + "/ingress-controller"));
        String problem = recovery(back, "region failover back to " + LocalKubernetes.NAMESPACE);
        if (problem != null) {
            return problem;
        }
        if (!LocalStack.PRIMARY_TARGET.equals(dns())) {
            return "failback: " + LocalStack.DNS_RECORD + " still points to " + dns();
        }
        LocalKubernetes.BACKUP_DEPLOYMENTS.forEach(name -> scale(LocalKubernetes.BACKUP_NAMESPACE, name, 0));
        step(LocalStack.DNS_RECORD + " -> " + LocalStack.PRIMARY_TARGET + " again; " + LocalKubernetes.BACKUP_NAMESPACE
                + " scaled back to 0");

        problem = recovery(Map.of("action", "DATABASE_SWITCHOVER", "target", victim),
                "switchover of the database primary back to " + victim);
        if (problem != null) {
            return problem;
        }
        if (!waitUntil(() -> victim.equals(topology().path("primary").asText(null))
                && topology().path("streamingStandbys").asLong() >= 1)) {
            return "failback: the database primary is " + topology().path("primary").asText(null) + ", not " + victim
                    + " with a streaming standby";
        }
        step("failed back: database primary " + victim + " with a streaming standby, the platform in "
                + LocalKubernetes.NAMESPACE + " again");
        return null;
    }

    /** Requests a recovery as the operator and waits until it succeeded; returns why not. */
    private String recovery(Map<String, Object> request, String what) throws IOException {
        LivePlatform.Answer answer = platform.post(LivePlatform.FAILOVER, "/api/v1/recoveries",
                JSON.writeValueAsString(request));
        if (!answer.ok()) {
            return "failback: " + what + " refused (" + answer.status() + "): " + answer.body();
        }
        String id = answer.json().path("recoveryId").asText();
        step("requested " + what + " (" + id + ")");
        String[] status = { "?" };
        String[] error = { null };
        boolean ended = waitUntil(() -> {
            JsonNode job = platform.get(LivePlatform.FAILOVER, "/api/v1/recoveries/" + id).json();
            status[0] = job.path("status").asText("?");
            error[0] = job.path("error").asText(null);
            return !List.of("PENDING", "RUNNING", "WAITING", "?").contains(status[0]);
        });
        if (!ended || !"SUCCEEDED".equals(status[0])) {
            return "failback: " + what + " " + (ended ? status[0] : "did not end") + (error[0] == null ? ""
                    : ": " + error[0]);
        }
        return null;
    }

    private boolean waitUntil(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + failbackTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.get()) {
                    return true;
                }
            } catch (RuntimeException e) {
                // not yet answerable: try again
            }
            LockSupport.parkNanos(500_000_000L);
        }
        return false;
    }

    private boolean streams(String member) {
        for (JsonNode m : topology().path("members")) {
            if (member.equals(m.path("member").asText())) {
                return "STANDBY".equals(m.path("role").asText()) && m.path("streaming").asBoolean();
            }
        }
        return false;
    }

    private JsonNode topology() {
        return platform.get(LivePlatform.FAILOVER, "/api/v1/database/topology").json();
    }

    private int replicas(String namespace, String name) {
        Deployment d = kubernetes.apps().deployments().inNamespace(namespace).withName(name).get();
        if (d == null) {
            throw new IllegalStateException("no deployment " + namespace + "/" + name + " in the local Kubernetes API");
        }
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    private void scale(String namespace, String name, int replicas) {
        kubernetes.apps().deployments().inNamespace(namespace).withName(name)
                .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(replicas).endSpec().build());
    }

    private String dns() throws IOException {
        return records().getProperty(LocalStack.DNS_RECORD, "(no record)");
    }

    private Properties records() throws IOException {
        Properties records = new Properties();
        if (Files.exists(zone)) {
            try (Reader r = Files.newBufferedReader(zone)) {
                records.load(r);
            }
        }
        return records;
    }
}
