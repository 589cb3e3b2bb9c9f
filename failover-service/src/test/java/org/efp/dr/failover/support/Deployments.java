package org.efp.dr.failover.support;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Deployments in the test namespace of the Kubernetes mock API: set one up, read its replica count. */
public final class Deployments {

    private final KubernetesClient kubernetes;

    public Deployments(KubernetesClient kubernetes) {
        this.kubernetes = kubernetes;
    }

    /** Creates {@code name} with {@code replicas}, or sets an existing one to them. */
    public void set(String name, int replicas) {
        kubernetes.apps().deployments().inNamespace(kubernetes.getNamespace()).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata().withNewSpec().withReplicas(replicas).endSpec().build())
                .createOr(d -> d.update());
    }

    public int replicas(String name) {
        return kubernetes.apps().deployments().inNamespace(kubernetes.getNamespace()).withName(name).get().getSpec()
                .getReplicas();
    }
}
