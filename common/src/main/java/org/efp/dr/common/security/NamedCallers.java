package org.efp.dr.common.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * Refuses (401) an authenticated caller without a name, such as a bearer token with none of {@code upn},
 * {@code preferred_username} and {@code sub}: the audit log must say who acted. Done here rather than with
 * {@code quarkus.oidc.token.subject-required}, which a tenant verifying with {@code public-key} does not apply.
 * Shared by every service that authenticates its REST callers; where no mechanism is configured, every caller is
 * anonymous and passes untouched.
 */
@ApplicationScoped
public class NamedCallers implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        String name = identity.getPrincipal() == null ? null : identity.getPrincipal().getName();
        if (name == null || name.isBlank()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the caller has no name to audit"));
        }
        return Uni.createFrom().item(identity);
    }
}
