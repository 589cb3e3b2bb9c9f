package org.efp.dr.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class OidcSettingsTest {

    @Test
    void tokensWithoutAnExpectedAudienceOrIssuerAreNotAllowed() {
        // When
        var problems = OidcSettings.problems(true, Optional.empty(), Optional.of(" "), Optional.empty());

        // Then
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("DR_OIDC_AUDIENCE");
        assertThat(problems.get(1)).contains("DR_OIDC_ISSUER");
    }

    @Test
    void anAuthServerUrlGivesTheIssuerButTheAudienceIsStillRequired() {
        // When
        var problems = OidcSettings.problems(true, Optional.empty(), Optional.empty(),
                Optional.of("https://id.example/realms/efp"));

        // Then
        assertThat(problems).singleElement().asString().contains("DR_OIDC_AUDIENCE");
    }

    @Test
    void completeSettingsOrOidcOffPass() {
        // When / Then
        assertThat(OidcSettings.problems(true, Optional.of("backup-service"), Optional.of("https://id.example"),
                Optional.empty())).isEmpty();
        assertThat(OidcSettings.problems(false, Optional.empty(), Optional.empty(), Optional.empty())).isEmpty();
    }
}
