package org.efp.dr.backup;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * OIDC bearer tokens on, through the same environment variables production sets, verified with an RSA key pair made
 * for this run; the Basic test users stay. Tests sign with {@code Jwt...sign()}, which reads the private key from
 * {@code smallrye.jwt.sign.key}: the test class and this profile may live in different class loaders, the
 * configuration is what they share.
 */
public class OidcTokensProfile implements QuarkusTestProfile {

    /** The issuer the service expects in {@code iss}. */
    public static final String ISSUER = "https://idp.efp.test/realms/efp";
    /** The audience the service expects in {@code aud}. */
    public static final String AUDIENCE = "backup-service";

    @Override
    public Map<String, String> getConfigOverrides() {
        KeyPair keys = rsaKeyPair();
        Base64.Encoder base64 = Base64.getEncoder();
        return Map.of(
                "DR_OIDC_ENABLED", "true",
                "DR_OIDC_PUBLIC_KEY", base64.encodeToString(keys.getPublic().getEncoded()),
                "DR_OIDC_ISSUER", ISSUER,
                "DR_OIDC_AUDIENCE", AUDIENCE,
                "DR_OIDC_ROLE_CLAIM_PATH", "groups,realm_access/roles",
                "smallrye.jwt.sign.key", base64.encodeToString(keys.getPrivate().getEncoded()));
    }

    /** A fresh 2048-bit RSA key pair. */
    public static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }
}
