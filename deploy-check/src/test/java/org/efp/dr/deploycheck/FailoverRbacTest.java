package org.efp.dr.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.efp.dr.failover.database.ConnectionPublisher;
import org.efp.dr.failover.database.DatabaseConfig;
import org.efp.dr.failover.scaling.Scaler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The Role the bundle gives failover-service allows every request its Kubernetes code really makes, and nothing it
 * does not: failover-service's Scaler and ConnectionPublisher run against fabric8's Kubernetes mock server, every HTTP
 * request is turned into the RBAC verb, resource and name the API server would authorize, and the set is compared
 * with the Role's rules.
 */
class FailoverRbacTest {

    private static final Pattern PATH = Pattern.compile(
            "/apis?(?:/([a-z.]+))?/v1/namespaces/([a-z0-9-]+)/([a-z]+)(?:/([a-z0-9.-]+))?(?:/([a-z]+))?(\\?.*)?");

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(java.net.InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void theRoleAllowsExactlyTheRequestsScalingAndConnectionPublishingMake() throws Exception {
        // Given: the Role of the base bundle, and a Deployment of the protected application in its namespace
        Role role = (Role) Model.parse(Kustomize.render(Repo.K8S.resolve("base")).stream()
                .filter(d -> "Role".equals(d.get("kind"))).findFirst().orElseThrow());
        String ns = role.getMetadata().getNamespace();
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata()
                .withName("ml-service").endMetadata().withNewSpec().withReplicas(3).endSpec().build()).create();
        drain();

        // When: a runbook step scales it down and back, and a failover publishes the new primary twice
        Scaler scaler = new Scaler(client, null, Optional.of(ns));
        int before = scaler.scale(ns, "ml-service", 0);
        scaler.scale(ns, "ml-service", before);
        ConnectionPublisher publisher = new ConnectionPublisher(client, config(ns));
        publisher.publish("jdbc:postgresql://energy-forecast-1.db:5432/energy_forecast");
        publisher.publish("jdbc:postgresql://energy-forecast-0.db:5432/energy_forecast");

        // Then: every request is allowed, and every rule is used
        assertThat(client.apps().deployments().inNamespace(ns).withName("ml-service").get().getSpec().getReplicas())
                .isEqualTo(3);
        assertThat(client.secrets().inNamespace(ns).withName("energy-forecast-db").get().getData())
                .containsKey("jdbc-url");
        List<String> made = drain();
        assertThat(made).isNotEmpty();
        Set<String> used = new TreeSet<>();
        List<String> denied = new ArrayList<>();
        for (String request : made) {
            String[] r = request.split(" ");
            String verb = r[0];
            String resource = r[1];
            String name = r.length > 2 ? r[2] : null;
            Optional<PolicyRule> rule = role.getRules().stream().filter(p -> p.getVerbs().contains(verb)
                    && p.getResources().contains(resource)
                    && (p.getResourceNames() == null || p.getResourceNames().isEmpty()
                            || name != null && p.getResourceNames().contains(name)))
                    .findFirst();
            if (rule.isEmpty()) {
                denied.add(request);
            }
            rule.ifPresent(p -> used.add(verb + " " + resource));
        }
        assertThat(denied).as("requests the Role would deny").isEmpty();
        Set<String> granted = new TreeSet<>();
        for (PolicyRule p : role.getRules()) {
            p.getVerbs().forEach(v -> p.getResources().forEach(res -> granted.add(v + " " + res)));
        }
        assertThat(used).as("rules no request needs").isEqualTo(granted);
    }

    /** The requests recorded since the last call, as "verb resource [name]". */
    private List<String> drain() throws InterruptedException {
        List<String> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            Matcher m = PATH.matcher(r.getPath());
            assertThat(m.matches()).as(r.getPath()).isTrue();
            String name = m.group(4);
            String verb = switch (r.getMethod()) {
                case "GET" -> name == null ? (r.getPath().contains("watch=") ? "watch" : "list") : "get";
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> name == null ? "deletecollection" : "delete";
                default -> r.getMethod();
            };
            String resource = m.group(3) + (m.group(5) == null ? "" : "/" + m.group(5));
            out.add(verb + " " + resource + (name == null ? "" : " " + name));
        }
        return out;
    }

    private static DatabaseConfig config(String ns) {
        DatabaseConfig.Connection connection = (DatabaseConfig.Connection) Proxy.newProxyInstance(
                FailoverRbacTest.class.getClassLoader(), new Class<?>[] {DatabaseConfig.Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "namespace" -> Optional.of(ns);
                    case "secret", "configMap" -> "energy-forecast-db";
                    case "enabled" -> true;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Map<String, Object> values = Map.of("connection", connection);
        return (DatabaseConfig) Proxy.newProxyInstance(FailoverRbacTest.class.getClassLoader(),
                new Class<?>[] {DatabaseConfig.class}, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
