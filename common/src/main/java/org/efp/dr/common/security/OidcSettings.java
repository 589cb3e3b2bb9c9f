package org.efp.dr.common.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.config.Config;

/**
 * With OIDC bearer tokens on, a token minted for another application of the same identity provider must not be
 * accepted here: the expected audience is then required, and so is the expected issuer when tokens are verified
 * with a public key (with an auth-server URL the issuer comes from discovery). A service whose settings miss them
 * stops at start-up saying which variable to set.
 */
@ApplicationScoped
public class OidcSettings {

    void check(@Observes StartupEvent ignored, Config config) {
        List<String> problems = problems(
                config.getOptionalValue("quarkus.oidc.tenant-enabled", Boolean.class).orElse(false),
                config.getOptionalValue("quarkus.oidc.token.audience", String.class),
                config.getOptionalValue("quarkus.oidc.token.issuer", String.class),
                config.getOptionalValue("quarkus.oidc.auth-server-url", String.class));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("OIDC is enabled but " + String.join("; ", problems));
        }
    }

    /** What is missing for OIDC to accept only tokens meant for this service (empty: nothing). */
    public static List<String> problems(boolean enabled, Optional<String> audience, Optional<String> issuer,
            Optional<String> authServerUrl) {
        List<String> problems = new ArrayList<>();
        if (!enabled) {
            return problems;
        }
        if (blank(audience)) {
            problems.add("no audience is set: set DR_OIDC_AUDIENCE to the aud value tokens for this service carry");
        }
        if (blank(issuer) && blank(authServerUrl)) {
            problems.add("no issuer is set: set DR_OIDC_ISSUER (or DR_OIDC_AUTH_SERVER_URL to discover it)");
        }
        return problems;
    }

    private static boolean blank(Optional<String> value) {
        return value.map(String::isBlank).orElse(true);
    }
}
