package org.efp.dr.failover.scaling;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Where the platform's deployments are. */
@ConfigMapping(prefix = "dr.failover.kubernetes")
public interface KubernetesConfig {

    /** Namespace of the deployments the procedures scale; unset: the client's own namespace, else default. */
    Optional<String> namespace();
}
