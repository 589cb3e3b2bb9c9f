package org.efp.dr.failover.database;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import org.jboss.logging.Logger;

/** Points applications at the new primary: the connection Secret and ConfigMap they mount. */
@ApplicationScoped
public class ConnectionPublisher {

    private static final Logger LOG = Logger.getLogger(ConnectionPublisher.class);

    private final KubernetesClient client;
    private final DatabaseConfig config;

    public ConnectionPublisher(KubernetesClient client, DatabaseConfig config) {
        this.client = client;
        this.config = config;
    }

    /** Writes the connection information of {@code primaryUrl}; returns the namespace written to, or null. */
    public String publish(String primaryUrl) {
        DatabaseConfig.Connection c = config.connection();
        if (!c.enabled()) {
            return null;
        }
        String ns = c.namespace().orElseGet(() -> client.getNamespace() == null ? "default" : client.getNamespace());
        String hostPort = PgNodes.hostPort(primaryUrl);
        String path = primaryUrl.substring(primaryUrl.indexOf("//") + 2 + hostPort.length());
        Map<String, String> values = new LinkedHashMap<>();
        values.put("jdbc-url", primaryUrl);
        values.put("host", hostPort.substring(0, hostPort.lastIndexOf(':')));
        values.put("port", hostPort.substring(hostPort.lastIndexOf(':') + 1));
        values.put("database", path.startsWith("/") ? path.substring(1).split("\\?")[0] : path);
        Map<String, String> encoded = new LinkedHashMap<>();
        values.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(c.secret())
                .addToLabels("app.kubernetes.io/managed-by", "failover-service").endMetadata().withType("Opaque")
                .withData(encoded).build()).createOr(NonDeletingOperation::update);
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                .withName(c.configMap()).addToLabels("app.kubernetes.io/managed-by", "failover-service").endMetadata()
                .withData(values).build()).createOr(NonDeletingOperation::update);
        LOG.infof("connection info switched namespace=%s secret=%s primary=%s", ns, c.secret(), hostPort);
        return ns;
    }
}
