package org.efp.dr.testkit;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Configuration that turns OIDC bearer tokens on for a service under test, through the same environment variables
 * production sets, verified with an RSA key pair made for this run; the Basic test users stay. Tests sign with
 * {@code Jwt...sign()}, which reads the private key from {@code smallrye.jwt.sign.key}: the test class and its
 * Quarkus test profile may live in different class loaders, the configuration is what they share.
 */
public final class OidcTestKeys {

    /** The issuer services under test expect in {@code iss}. */
    public static final String ISSUER = "https://idp.efp.test/realms/efp";

    private OidcTestKeys() {
    }

    /** The configuration for a service that expects {@code audience} in {@code aud}. */
    public static Map<String, String> config(String audience) {
        KeyPair keys = rsaKeyPair();
        Base64.Encoder base64 = Base64.getEncoder();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("DR_OIDC_ENABLED", "true");
        config.put("DR_OIDC_PUBLIC_KEY", base64.encodeToString(keys.getPublic().getEncoded()));
        config.put("DR_OIDC_ISSUER", ISSUER);
        config.put("DR_OIDC_AUDIENCE", audience);
        config.put("DR_OIDC_ROLE_CLAIM_PATH", "groups,realm_access/roles");
        config.put("smallrye.jwt.sign.key", base64.encodeToString(keys.getPrivate().getEncoded()));
        return config;
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
