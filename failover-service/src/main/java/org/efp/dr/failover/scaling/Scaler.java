package org.efp.dr.failover.scaling;

import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.efp.dr.common.postgres.Jdbc;
import org.jboss.logging.Logger;

/** The guide's {@code kubectl scale deployment}: through fabric8, remembering the replica count it replaced. */
@ApplicationScoped
public class Scaler {

    private static final int CONFLICT_ATTEMPTS = 5;
    private static final Logger LOG = Logger.getLogger(Scaler.class);

    private final KubernetesClient client;
    private final Jdbc jdbc;
    private final Optional<String> namespace;

    @Inject
    public Scaler(KubernetesClient client, DataSource dataSource, KubernetesConfig kubernetes) {
        this(client, dataSource, kubernetes.namespace());
    }

    public Scaler(KubernetesClient client, DataSource dataSource, Optional<String> namespace) {
        this.client = client;
        this.jdbc = new Jdbc(dataSource);
        this.namespace = namespace;
    }

    public String namespace(String override) {
        if (override != null && !override.isBlank()) {
            return override;
        }
        return namespace.orElseGet(() -> client.getNamespace() == null ? "default" : client.getNamespace());
    }

    /** Current replica count; fails when the deployment does not exist. */
    public int replicas(String ns, String name) {
        Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
        if (d == null) {
            throw new IllegalStateException("deployment " + ns + "/" + name + " not found");
        }
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    /**
     * Replicas available now: the deployment's status where a controller keeps one, else its desired count (an API
     * server without controllers, as the local run's, keeps no status); 0 when the deployment does not exist.
     */
    public int available(String ns, String name) {
        Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
        if (d == null) {
            return 0;
        }
        if (d.getStatus() != null) {
            Integer available = d.getStatus().getAvailableReplicas();
            return available == null ? 0 : available;
        }
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    /**
     * Sets the replica count; returns the previous one. The write names the resource version it read, so a
     * concurrent change is a 409 Conflict: read again and retry (a few times) instead of failing the recovery.
     */
    public int scale(String ns, String name, int replicas) {
        for (int attempt = 1; ; attempt++) {
            Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
            if (d == null) {
                throw new IllegalStateException("deployment " + ns + "/" + name + " not found");
            }
            int previous = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            try {
                client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder(d).editSpec()
                        .withReplicas(replicas).endSpec().build()).update();
                return previous;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
                LOG.infof("conflict scaling deployment=%s/%s attempt=%d: read again and retry", ns, name, attempt);
            }
        }
    }

    /** Remembers the count a recovery replaced, so a later scale-up (or rollback) restores it. */
    public void remember(String recoveryId, String ns, String name, int replicas) {
        jdbc.update("remember replicas", "INSERT INTO scaled_deployment (recovery_id, namespace, name, replicas) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", recoveryId, ns, name, replicas);
    }

    /** The last non-zero count remembered for a deployment. */
    public Optional<Integer> remembered(String ns, String name) {
        return jdbc.one("read remembered replicas", "SELECT replicas FROM scaled_deployment WHERE namespace = ? "
                + "AND name = ? AND replicas > 0 ORDER BY at DESC LIMIT 1", rs -> rs.getInt(1), ns, name);
    }
}
