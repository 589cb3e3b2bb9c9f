package org.efp.dr.backup;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import org.efp.dr.testkit.OidcTestKeys;

/** OIDC bearer tokens on for this service, beside its Basic test users (see {@link OidcTestKeys}). */
public class OidcTokensProfile implements QuarkusTestProfile {

    /** The audience the service expects in {@code aud}. */
    public static final String AUDIENCE = "backup-service";

    @Override
    public Map<String, String> getConfigOverrides() {
        return OidcTestKeys.config(AUDIENCE);
    }
}
