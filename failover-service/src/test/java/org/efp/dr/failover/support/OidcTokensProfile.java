package org.efp.dr.failover.support;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import org.efp.dr.testkit.OidcTestKeys;

/**
 * OIDC bearer tokens on for this service, beside its Basic test users (see {@link OidcTestKeys}). Health probes are
 * off: the class runs last, after the database failover test left its primary stopped, and a token check needs no
 * recovery started behind it.
 */
public class OidcTokensProfile implements QuarkusTestProfile {

    /** The audience the service expects in {@code aud}. */
    public static final String AUDIENCE = "failover-service";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new LinkedHashMap<>(OidcTestKeys.config(AUDIENCE));
        config.put("dr.failover.probes.enabled", "false");
        return config;
    }
}
